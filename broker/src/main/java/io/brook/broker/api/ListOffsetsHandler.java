package io.brook.broker.api;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.acl.Operation;
import io.brook.broker.partition.Partition;
import io.brook.protocol.TopicNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ListOffsetsPartition;
import io.brook.protocol.message.ListOffsetsPartitionResult;
import io.brook.protocol.message.ListOffsetsRequest;
import io.brook.protocol.message.ListOffsetsResponse;
import io.brook.protocol.message.ListOffsetsTopic;
import io.brook.protocol.message.ListOffsetsTopicResult;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import io.brook.storage.TermOffset;
import io.brook.storage.TimestampLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ListOffsets: earliest (-2: log start), latest (-1: high watermark), the first record at or after
 * a timestamp, found with the time index and never beyond the high watermark, or the end of a Raft
 * term (-3). The log answers the first three on the request's thread; the end of a term is a Raft
 * query of the partition's owner thread, so those partitions are looked up there and the response
 * is sent when the last of them has answered.
 */
public final class ListOffsetsHandler implements ApiHandler {

    public static final long EARLIEST = -2L;
    public static final long LATEST = -1L;
    public static final long END_OF_TERM = -3L;

    private final BrokerContext broker;

    public ListOffsetsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        ListOffsetsRequest req = Messages.parse(ListOffsetsRequest.parser(), frame.message());
        Map<ListOffsetsTopicResult.Builder, List<ListOffsetsPartitionResult.Builder>> results = new LinkedHashMap<>();
        List<Runnable> onOwners = new ArrayList<>();
        AtomicInteger outstanding = new AtomicInteger(1);
        Runnable done = () -> {
            if (outstanding.decrementAndGet() == 0) {
                ListOffsetsResponse.Builder b = ListOffsetsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
                results.forEach((tb, pbs) -> {
                    pbs.forEach(tb::addPartitions);
                    b.addTopics(tb);
                });
                request.respond(b.build());
            }
        };
        for (ListOffsetsTopic t : req.getTopicsList()) {
            ListOffsetsTopicResult.Builder tb = ListOffsetsTopicResult.newBuilder().setName(t.getName());
            String bad = TopicNames.check(t.getName());
            TopicAccess.Refusal refused = bad == null ? TopicAccess.check(broker, request, t.getName(), Operation.DESCRIBE) : null;
            List<ListOffsetsPartitionResult.Builder> pbs = new ArrayList<>();
            results.put(tb, pbs);
            for (ListOffsetsPartition lp : t.getPartitionsList()) {
                ListOffsetsPartitionResult.Builder pb = ListOffsetsPartitionResult.newBuilder()
                        .setPartition(lp.getPartition()).setOffset(-1).setTimestamp(-1).setLeaderHint(-1);
                Partition p = bad == null && refused == null ? broker.partitions().get(t.getName(), lp.getPartition()) : null;
                PartitionLog log = p == null ? null : p.log();
                if (bad != null) {
                    pb.setErrorCode(ErrorCode.INVALID_TOPIC_NAME).setErrorMessage(bad);
                } else if (refused != null) {
                    pb.setErrorCode(refused.code()).setErrorMessage(refused.message());
                } else if (lp.getTimestamp() < END_OF_TERM) {
                    pb.setErrorCode(ErrorCode.INVALID_REQUEST)
                            .setErrorMessage("timestamp must be -3 (end of a term), -2 (earliest), -1 (latest) or >= 0");
                } else if (lp.getTimestamp() == END_OF_TERM && lp.getTerm() < 0) {
                    pb.setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage("term must be >= 0; got " + lp.getTerm());
                } else if (p == null || (p.log() != null && !p.isLeader())) {
                    if (p != null || broker.assignment(t.getName(), lp.getPartition()) != null) {
                        pb.setErrorCode(ErrorCode.NOT_LEADER).setErrorMessage("this broker does not lead " + t.getName() + "-" + lp.getPartition())
                                .setLeaderHint(TopicViews.leaderHint(broker, t.getName(), lp.getPartition()));
                    } else {
                        pb.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).setErrorMessage("partition " + t.getName() + "-" + lp.getPartition() + " does not exist");
                    }
                } else if (log == null) {
                    pb.setErrorCode(p.offlineReason() != null ? ErrorCode.STORAGE_ERROR : ErrorCode.LEADER_NOT_AVAILABLE)
                            .setErrorMessage(p.offlineReason() != null ? "partition is offline: " + p.offlineReason() : "partition is not open yet");
                } else if (lp.getTimestamp() == END_OF_TERM) {
                    outstanding.incrementAndGet();
                    onOwners.add(() -> {
                        try {
                            p.owner().execute(() -> {
                                endOfTerm(pb, p, lp.getTerm());
                                done.run();
                            });
                        } catch (IllegalStateException stopped) {
                            pb.setErrorCode(ErrorCode.LEADER_NOT_AVAILABLE).setErrorMessage("the partition is closing");
                            done.run();
                        }
                    });
                } else {
                    lookup(pb, p, log, lp.getTimestamp());
                }
                pbs.add(pb);
            }
        }
        // each owner thread fills in its own partitions' builders; the last to finish responds
        onOwners.forEach(Runnable::run);
        done.run();
    }

    /** On the partition's owner thread, which alone may ask the log about terms. */
    private void endOfTerm(ListOffsetsPartitionResult.Builder pb, Partition p, int term) {
        PartitionLog log = p.log();
        if (log == null || !p.isLeader()) {
            pb.setErrorCode(ErrorCode.NOT_LEADER).setErrorMessage("this broker no longer leads " + p.id())
                    .setLeaderHint(TopicViews.leaderHint(broker, p.id().topic(), p.id().partition()));
            return;
        }
        try {
            TermOffset t = log.endOffsetForTerm(term);
            // no term that low: whatever the log held of it ended before what it holds now
            long end = t.isKnown() ? t.endOffset() : log.logStartOffset();
            pb.setErrorCode(ErrorCode.NONE).setTerm(t.term()).setOffset(end).setLastTerm(log.lastTerm());
        } catch (StorageException e) {
            pb.setErrorCode(ErrorCode.STORAGE_ERROR).setErrorMessage(String.valueOf(e.getMessage()));
        }
    }

    private static void lookup(ListOffsetsPartitionResult.Builder pb, Partition p, PartitionLog log, long timestamp) {
        long hw = p.highWatermark();
        if (timestamp == EARLIEST) {
            pb.setErrorCode(ErrorCode.NONE).setOffset(log.logStartOffset());
        } else if (timestamp == LATEST) {
            pb.setErrorCode(ErrorCode.NONE).setOffset(hw);
        } else {
            try {
                TimestampLookup found = log.offsetForTimestamp(timestamp, hw);
                pb.setErrorCode(ErrorCode.NONE).setOffset(found.offset()).setTimestamp(found.timestamp());
            } catch (StorageException e) {
                pb.setErrorCode(ErrorCode.STORAGE_ERROR).setErrorMessage(String.valueOf(e.getMessage()));
            }
        }
    }
}
