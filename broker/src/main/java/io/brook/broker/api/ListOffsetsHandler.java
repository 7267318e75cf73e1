package io.brook.broker.api;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
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
import io.brook.storage.TimestampLookup;

/**
 * ListOffsets: earliest (-2: log start), latest (-1: high watermark), or the first record at or
 * after a timestamp, found with the time index and never beyond the high watermark.
 */
public final class ListOffsetsHandler implements ApiHandler {

    public static final long EARLIEST = -2L;
    public static final long LATEST = -1L;

    private final BrokerContext broker;

    public ListOffsetsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        ListOffsetsRequest req = Messages.parse(ListOffsetsRequest.parser(), frame.message());
        ListOffsetsResponse.Builder b = ListOffsetsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
        for (ListOffsetsTopic t : req.getTopicsList()) {
            ListOffsetsTopicResult.Builder tb = ListOffsetsTopicResult.newBuilder().setName(t.getName());
            String bad = TopicNames.check(t.getName());
            for (ListOffsetsPartition lp : t.getPartitionsList()) {
                ListOffsetsPartitionResult.Builder pb = ListOffsetsPartitionResult.newBuilder()
                        .setPartition(lp.getPartition()).setOffset(-1).setTimestamp(-1).setLeaderHint(-1);
                Partition p = bad == null ? broker.partitions().get(t.getName(), lp.getPartition()) : null;
                PartitionLog log = p == null ? null : p.log();
                if (bad != null) {
                    pb.setErrorCode(ErrorCode.INVALID_TOPIC_NAME).setErrorMessage(bad);
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
                } else if (lp.getTimestamp() < EARLIEST) {
                    pb.setErrorCode(ErrorCode.INVALID_REQUEST).setErrorMessage("timestamp must be -2 (earliest), -1 (latest) or >= 0");
                } else {
                    lookup(pb, p, log, lp.getTimestamp());
                }
                tb.addPartitions(pb);
            }
            b.addTopics(tb);
        }
        request.respond(b.build());
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
