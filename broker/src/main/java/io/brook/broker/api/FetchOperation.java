package io.brook.broker.api;

import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.broker.network.SliceRegion;
import io.brook.broker.partition.Partition;
import io.brook.protocol.TopicNames;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchPartitionResult;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopic;
import io.brook.protocol.message.FetchTopicResult;
import io.brook.storage.LogSlice;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import io.brook.storage.StorageException;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One fetch, possibly waiting. It registers a one-shot waiter on each partition before reading
 * (so no append between the read and the wait is missed), reads, and either answers or waits for a
 * waiter or the timeout to try again. Everything after construction runs on the connection's event
 * loop; waiters fire on log threads and only hop back to it.
 */
final class FetchOperation {

    private final BrokerContext broker;
    private final RequestContext request;
    private final FetchRequest req;
    private final EventLoop loop;
    private final long maxWaitMs;
    private final Map<Partition, Runnable> watching = new HashMap<>();
    private boolean done;
    private ScheduledFuture<?> timeout;

    FetchOperation(BrokerContext broker, RequestContext request, FetchRequest req, EventLoop loop) {
        this.broker = broker;
        this.request = request;
        this.req = req;
        this.loop = loop;
        this.maxWaitMs = Math.min(req.getMaxWaitMs(), FetchHandler.MAX_WAIT_CAP_MS);
    }

    void start() {
        if (maxWaitMs > 0) {
            for (FetchTopic t : req.getTopicsList()) {
                for (FetchPartition fp : t.getPartitionsList()) {
                    Partition p = broker.partitions().get(t.getName(), fp.getPartition());
                    if (p != null) {
                        watch(p);
                    }
                }
            }
        }
        attempt(false);
    }

    private void watch(Partition p) {
        Runnable waiter = () -> {
            try {
                loop.execute(() -> {
                    if (!done) {
                        watch(p);
                        attempt(false);
                    }
                });
            } catch (RejectedExecutionException loopGone) {
                // the connection's event loop has shut down: nobody is left to answer
            }
        };
        watching.put(p, waiter);
        p.onNextChange(waiter);
    }

    private void attempt(boolean expired) {
        if (done) {
            return;
        }
        Read read = read();
        boolean enough = read.bytes >= Math.max(1, req.getMinBytes()) || read.errors || expired || maxWaitMs == 0
                || broker.partitions().shuttingDown()
                || !request.channel().isActive();
        if (!enough) {
            read.release();
            if (timeout == null) {
                timeout = loop.schedule(() -> attempt(true), maxWaitMs, TimeUnit.MILLISECONDS);
            }
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        watching.forEach(Partition::cancelWaiter);
        watching.clear();
        long delay = broker.quotas().record(request.principal(), Quotas.Kind.FETCH, read.bytes, System.nanoTime());
        read.response.setThrottleTimeMs((int) Math.min(delay, Integer.MAX_VALUE));
        for (Served s : read.served) {
            broker.traffic().fetched(s.topic, s.bytes, s.offsets);
        }
        Throttle.after(request, delay, () -> request.respond(read.response.build(), read.payload));
    }

    /** A slice of a topic's log in the response, for the traffic metrics. */
    private record Served(String topic, int bytes, long offsets) {}

    /** What one pass over the partitions found. */
    private static final class Read {
        final FetchResponse.Builder response = FetchResponse.newBuilder().setErrorCode(ErrorCode.NONE);
        final List<Object> payload = new ArrayList<>();
        final List<Served> served = new ArrayList<>();
        long bytes;
        boolean errors;

        void release() {
            payload.forEach(ReferenceCountUtil::release);
        }
    }

    private Read read() {
        Read read = new Read();
        long budget = req.getMaxBytes() == 0 ? FetchHandler.DEFAULT_MAX_BYTES : req.getMaxBytes();
        for (FetchTopic t : req.getTopicsList()) {
            FetchTopicResult.Builder tb = FetchTopicResult.newBuilder().setName(t.getName());
            String badName = TopicNames.check(t.getName());
            TopicAccess.Refusal refused = badName == null ? TopicAccess.check(broker, request, t.getName(), Operation.READ) : null;
            for (FetchPartition fp : t.getPartitionsList()) {
                FetchPartitionResult.Builder pb = FetchPartitionResult.newBuilder().setPartition(fp.getPartition()).setLeaderHint(-1);
                Partition p = badName == null && refused == null ? broker.partitions().get(t.getName(), fp.getPartition()) : null;
                PartitionLog log = p == null ? null : p.log();
                if (badName != null) {
                    error(read, pb, ErrorCode.INVALID_TOPIC_NAME, badName);
                } else if (refused != null) {
                    error(read, pb, refused.code(), refused.message());
                } else if (p == null) {
                    if (broker.assignment(t.getName(), fp.getPartition()) != null) {
                        error(read, pb, ErrorCode.NOT_LEADER, "this broker has no replica of " + t.getName() + "-" + fp.getPartition());
                        pb.setLeaderHint(TopicViews.leaderHint(broker, t.getName(), fp.getPartition()));
                    } else {
                        error(read, pb, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + t.getName() + "-" + fp.getPartition() + " does not exist");
                    }
                } else if (log == null) {
                    error(read, pb, p.offlineReason() != null ? ErrorCode.STORAGE_ERROR : ErrorCode.LEADER_NOT_AVAILABLE,
                            p.offlineReason() != null ? "partition is offline: " + p.offlineReason() : "partition is not open yet");
                } else if (!p.isLeader()) {
                    error(read, pb, ErrorCode.NOT_LEADER, "this broker does not lead " + t.getName() + "-" + fp.getPartition());
                    pb.setLeaderHint(TopicViews.leaderHint(broker, t.getName(), fp.getPartition()));
                } else if (fp.getMaxBytes() < 0) {
                    error(read, pb, ErrorCode.INVALID_REQUEST, "max_bytes must not be negative");
                } else {
                    long hw = p.highWatermark();
                    pb.setHighWatermark(hw).setLogStartOffset(log.logStartOffset());
                    if (budget > 0) {
                        budget -= readPartition(read, pb, t.getName(), log, fp, hw, (int) Math.min(budget, fp.getMaxBytes() == 0 ? Integer.MAX_VALUE : fp.getMaxBytes()));
                    }
                }
                tb.addPartitions(pb);
            }
            read.response.addTopics(tb);
        }
        return read;
    }

    private long readPartition(Read read, FetchPartitionResult.Builder pb, String topic, PartitionLog log, FetchPartition fp, long hw,
            int maxBytes) {
        ReadResult r;
        try {
            r = log.read(fp.getFetchOffset(), maxBytes, hw);
        } catch (StorageException e) {
            error(read, pb, ErrorCode.STORAGE_ERROR, e.getMessage());
            return 0;
        }
        switch (r.status()) {
            case OK -> {
                LogSlice slice = r.slice();
                pb.setRecordsSize(slice.sizeInBytes());
                read.payload.add(new SliceRegion(slice));
                read.bytes += slice.sizeInBytes();
                read.served.add(new Served(topic, slice.sizeInBytes(), slice.lastOffset() - slice.firstOffset() + 1));
                return slice.sizeInBytes();
            }
            case OFFSET_OUT_OF_RANGE -> error(read, pb, ErrorCode.OFFSET_OUT_OF_RANGE, "offset " + fp.getFetchOffset()
                    + " is outside the log [" + r.logStartOffset() + ", " + r.logEndOffset() + "]");
            default -> {
                // no data yet
            }
        }
        return 0;
    }

    private static void error(Read read, FetchPartitionResult.Builder pb, ErrorCode code, String message) {
        pb.setErrorCode(code).setErrorMessage(message);
        read.errors = true;
    }
}
