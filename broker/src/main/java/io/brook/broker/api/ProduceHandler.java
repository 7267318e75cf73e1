package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.AdminResult;
import io.brook.broker.partition.AppendResult;
import io.brook.broker.partition.Partition;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.protocol.GroupIds;
import io.brook.protocol.TopicNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.message.ProduceTopicResult;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Produce: checks the request, then hands each partition's batches (a view of the request payload,
 * never copied) to the partition's log thread, and answers when every partition has: acks=1 once
 * appended, acks=-1 once appended and fsynced (group commit), acks=0 never. An idempotent producer's
 * repeat of a batch the partition holds is answered like the original (see {@code IdempotenceGate}).
 */
public final class ProduceHandler implements ApiHandler {

    private final BrokerContext broker;

    public ProduceHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        ProduceRequest req = Messages.parse(ProduceRequest.parser(), frame.message());
        int acks = req.getAcks();
        if (acks != 0 && acks != 1 && acks != -1) {
            request.respond(topLevelError(ErrorCode.INVALID_REQUEST, "acks must be -1 (all), 0 or 1, got " + acks));
            return;
        }
        ByteBuf payload = frame.payload();
        long total = 0;
        for (ProduceTopic t : req.getTopicsList()) {
            for (ProducePartition p : t.getPartitionsList()) {
                if (p.getRecordsSize() < 0) {
                    request.respond(topLevelError(ErrorCode.INVALID_REQUEST, "negative records_size for " + t.getName() + "-" + p.getPartition()));
                    return;
                }
                total += p.getRecordsSize();
            }
        }
        if (total != payload.readableBytes()) {
            request.respond(topLevelError(ErrorCode.MALFORMED_REQUEST, "partitions announce " + total
                    + " bytes of record batches but the payload holds " + payload.readableBytes()));
            return;
        }
        payload.retain();
        ConnectionBudget budget = ConnectionBudget.of(request.channel(), broker.config().getInt(BrokerConfig.MAX_PENDING_BYTES_PER_CONNECTION));
        long bytes = total;
        budget.acquire(bytes);
        long throttle = broker.quotas().record(request.principal(), Quotas.Kind.PRODUCE, bytes, System.nanoTime());
        autoCreate(request, req).whenComplete((v, t) -> new Appends(request, req, payload, () -> budget.release(bytes), throttle).start());
    }

    private CompletableFuture<Void> autoCreate(RequestContext request, ProduceRequest req) {
        if (!broker.config().getBoolean(BrokerConfig.AUTO_CREATE_TOPICS)) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<AdminResult>> creating = new ArrayList<>();
        for (ProduceTopic t : req.getTopicsList()) {
            if (broker.topics().get(t.getName()) == null && TopicNames.check(t.getName()) == null
                    && !t.getName().equals(GroupIds.GROUPS_TOPIC) && TopicAccess.mayCreate(broker, request, t.getName())) {
                creating.add(broker.topics().create(t.getName(), 0, 1, Map.of(), false));
            }
        }
        return CompletableFuture.allOf(creating.toArray(new CompletableFuture[0]));
    }

    private static ProduceResponse topLevelError(ErrorCode code, String message) {
        return ProduceResponse.newBuilder().setErrorCode(code).setErrorMessage(message).build();
    }

    /** The appends of one request and the response they make together. */
    private final class Appends {
        private final RequestContext request;
        private final ProduceRequest req;
        private final ByteBuf payload;
        private final Runnable onDone;
        private final ProducePartitionResult[][] results;
        private final AtomicInteger remaining = new AtomicInteger(1);
        private final long throttleMs;

        Appends(RequestContext request, ProduceRequest req, ByteBuf payload, Runnable onDone, long throttleMs) {
            this.throttleMs = throttleMs;
            this.request = request;
            this.req = req;
            this.payload = payload;
            this.onDone = onDone;
            this.results = new ProducePartitionResult[req.getTopicsCount()][];
        }

        void start() {
            int index = payload.readerIndex();
            for (int t = 0; t < req.getTopicsCount(); t++) {
                ProduceTopic topic = req.getTopics(t);
                results[t] = new ProducePartitionResult[topic.getPartitionsCount()];
                String bad = TopicNames.check(topic.getName());
                TopicAccess.Refusal refused = bad == null ? TopicAccess.check(broker, request, topic.getName(), Operation.WRITE) : null;
                boolean known = bad == null && broker.topics().get(topic.getName()) != null;
                for (int i = 0; i < topic.getPartitionsCount(); i++) {
                    ProducePartition pp = topic.getPartitions(i);
                    int size = pp.getRecordsSize();
                    ByteBuffer batches = view(index, size);
                    index += size;
                    if (bad != null) {
                        set(t, i, pp.getPartition(), AppendResult.error(ErrorCode.INVALID_TOPIC_NAME, bad), false);
                        continue;
                    }
                    if (refused != null) {
                        set(t, i, pp.getPartition(), AppendResult.error(refused.code(), refused.message()), false);
                        continue;
                    }
                    if (topic.getName().equals(GroupIds.GROUPS_TOPIC)) {
                        set(t, i, pp.getPartition(), AppendResult.error(ErrorCode.INVALID_REQUEST, GroupIds.GROUPS_TOPIC
                                + " is internal: only group coordinators write to it (commit offsets with OffsetCommit)"), false);
                        continue;
                    }
                    Partition p = known ? broker.partitions().get(topic.getName(), pp.getPartition()) : null;
                    if (p == null) {
                        boolean exists = known && broker.assignment(topic.getName(), pp.getPartition()) != null;
                        set(t, i, pp.getPartition(), exists
                                ? new AppendResult(ErrorCode.NOT_LEADER, "this broker has no replica of " + topic.getName() + "-"
                                        + pp.getPartition(), -1, -1, -1, TopicViews.leaderHint(broker, topic.getName(), pp.getPartition()))
                                : AppendResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, known
                                        ? "topic '" + topic.getName() + "' has no partition " + pp.getPartition()
                                        : "topic '" + topic.getName() + "' does not exist"), false);
                        continue;
                    }
                    if (size == 0) {
                        set(t, i, pp.getPartition(), AppendResult.error(ErrorCode.CORRUPT_RECORD_BATCH, "no record batches for this partition"), false);
                        continue;
                    }
                    remaining.incrementAndGet();
                    int ti = t;
                    int pi = i;
                    long deadline = broker.clock().getAsLong() + Math.max(1, req.getTimeoutMs() <= 0 ? 30_000 : req.getTimeoutMs());
                    String name = topic.getName();
                    long handedOver = System.nanoTime();
                    p.owner().append(p, batches, req.getAcks() == -1, deadline, r -> {
                        observe(name, batches, size, r, handedOver);
                        set(ti, pi, pp.getPartition(), r, true);
                    });
                }
            }
            if (remaining.decrementAndGet() == 0) {
                finish();
            }
        }

        /** Metrics of a partition's append: counted once appended (and for acks=all, committed), duplicates not. */
        private void observe(String topic, ByteBuffer batches, int size, AppendResult r, long handedOver) {
            if (r.error() != ErrorCode.NONE || r.duplicate()) {
                return;
            }
            broker.traffic().produced(topic, batches, size);
            if (req.getAcks() == -1) {
                broker.traffic().committed(System.nanoTime() - handedOver);
            }
        }

        private ByteBuffer view(int index, int size) {
            if (payload.nioBufferCount() == 1) {
                return payload.nioBuffer(index, size);
            }
            ByteBuffer copy = ByteBuffer.allocate(size);
            payload.getBytes(index, copy);
            return copy.flip();
        }

        private void set(int t, int i, int partition, AppendResult r, boolean async) {
            results[t][i] = ProducePartitionResult.newBuilder()
                    .setPartition(partition)
                    .setErrorCode(r.error())
                    .setErrorMessage(r.message() == null ? "" : r.message())
                    .setBaseOffset(r.baseOffset())
                    .setAppendTimeMs(r.appendTimeMs())
                    .setLogStartOffset(r.logStartOffset())
                    .setLeaderHint(r.leaderHint())
                    .setDuplicate(r.duplicate())
                    .build();
            if (async && remaining.decrementAndGet() == 0) {
                finish();
            }
        }

        private void finish() {
            payload.release();
            onDone.run();
            if (req.getAcks() == 0) {
                // no answer to hold back: the connection is paused for the throttle instead
                Throttle.after(request, throttleMs, () -> { });
                request.noResponse();
                return;
            }
            ProduceResponse.Builder b = ProduceResponse.newBuilder().setErrorCode(ErrorCode.NONE)
                    .setThrottleTimeMs((int) Math.min(throttleMs, Integer.MAX_VALUE));
            for (int t = 0; t < results.length; t++) {
                ProduceTopicResult.Builder tb = ProduceTopicResult.newBuilder().setName(req.getTopics(t).getName());
                for (ProducePartitionResult r : results[t]) {
                    tb.addPartitions(r);
                }
                b.addTopics(tb);
            }
            Throttle.after(request, throttleMs, () -> request.respond(b.build()));
        }
    }
}
