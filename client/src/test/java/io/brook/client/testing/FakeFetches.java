package io.brook.client.testing;

import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchPartitionResult;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopic;
import io.brook.protocol.message.FetchTopicResult;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fake broker's Fetch, with long polling: a fetch that finds fewer than {@code min_bytes} waits
 * (up to {@code max_wait_ms}) and is re-evaluated after every append. Whole batches only, at least
 * one per partition when available, nothing at or above the high watermark; record bytes follow
 * the message in the payload in partition-entry order.
 */
final class FakeFetches {

    private final FakeCluster cluster;
    private final List<Parked> parked = new ArrayList<>();

    FakeFetches(FakeCluster cluster) {
        this.cluster = cluster;
    }

    private record Parked(FakeRequestHandler.Reply reply, FakeBroker broker, FetchRequest request, ScheduledFuture<?>[] timer) {
    }

    private record Built(FetchResponse message, List<Object> payload, int bytes, boolean error) {
    }

    void handle(FakeRequestHandler.Reply reply, FakeBroker broker, FetchRequest request, ErrorCode injected) {
        Built built = build(broker, request, injected);
        if (built.error || built.bytes >= request.getMinBytes() || request.getMaxWaitMs() <= 0) {
            reply.send(built.message, built.payload);
            return;
        }
        Parked p = new Parked(reply, broker, request, new ScheduledFuture<?>[1]);
        p.timer[0] = cluster.loop.schedule(() -> {
            if (parked.remove(p)) {
                Built now = build(broker, request, null);
                reply.send(now.message, now.payload);
            }
        }, request.getMaxWaitMs(), TimeUnit.MILLISECONDS);
        parked.add(p);
    }

    /** Answers the parked fetches that can now be satisfied. */
    void recheck() {
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            Built built = build(p.broker, p.request, null);
            if (built.error || built.bytes >= p.request.getMinBytes()) {
                it.remove();
                p.timer[0].cancel(false);
                p.reply.send(built.message, built.payload);
            }
        }
    }

    void releaseAll() {
        cluster.loop.execute(() -> {
            parked.forEach(p -> p.timer[0].cancel(false));
            parked.clear();
        });
    }

    private Built build(FakeBroker broker, FetchRequest request, ErrorCode injected) {
        FetchResponse.Builder response = FetchResponse.newBuilder();
        List<Object> payload = new ArrayList<>();
        int total = 0;
        boolean error = false;
        for (FetchTopic topic : request.getTopicsList()) {
            FetchTopicResult.Builder tr = FetchTopicResult.newBuilder().setName(topic.getName());
            for (FetchPartition p : topic.getPartitionsList()) {
                FetchPartitionResult.Builder r = FetchPartitionResult.newBuilder().setPartition(p.getPartition());
                ErrorCode code = injected != null ? injected
                        : FakeDataApis.leadership(broker, topic.getName(), p.getPartition());
                if (code != ErrorCode.NONE) {
                    error = true;
                    tr.addPartitions(r.setErrorCode(code).setErrorMessage("fake: " + code)
                            .setLeaderHint(FakeDataApis.leaderOf(broker, topic.getName(), p.getPartition())));
                    continue;
                }
                FakePartition part = cluster.topics.get(topic.getName()).partitions.get(p.getPartition());
                r.setHighWatermark(part.highWatermark()).setLogStartOffset(part.logStart);
                if (p.getFetchOffset() < part.logStart || p.getFetchOffset() > part.logEnd) {
                    error = true;
                    tr.addPartitions(r.setErrorCode(ErrorCode.OFFSET_OUT_OF_RANGE).setErrorMessage("fake: offset "
                            + p.getFetchOffset() + " not in [" + part.logStart + ", " + part.logEnd + "]"));
                    continue;
                }
                int size = 0;
                if (total < request.getMaxBytes() || total == 0) {
                    for (ByteBuffer b : part.read(p.getFetchOffset(), p.getMaxBytes())) {
                        if (size > 0 && total + size + b.remaining() > request.getMaxBytes()) {
                            break;
                        }
                        size += b.remaining();
                        payload.add(Unpooled.wrappedBuffer(b));
                    }
                }
                total += size;
                tr.addPartitions(r.setRecordsSize(size));
            }
            response.addTopics(tr);
        }
        return new Built(response.build(), payload, total, error);
    }
}
