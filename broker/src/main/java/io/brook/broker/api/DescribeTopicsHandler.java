package io.brook.broker.api;

import io.brook.broker.config.TopicConfig;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.broker.partition.Partition;
import io.brook.protocol.TopicNames;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ConfigEntry;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.PartitionDescription;
import io.brook.protocol.message.ReplicaState;
import io.brook.protocol.message.TopicDescription;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.TopicImage;
import io.brook.storage.PartitionLog;
import java.util.Collection;
import java.util.Map;

/**
 * DescribeTopics: configuration (effective values) and partitions; with offsets, the log offsets and
 * sizes of the replicas on this broker, and for partitions it leads, every replica's progress.
 */
public final class DescribeTopicsHandler implements ApiHandler {

    private final BrokerContext broker;

    public DescribeTopicsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        DescribeTopicsRequest req = Messages.parse(DescribeTopicsRequest.parser(), frame.message());
        Collection<String> names = req.getTopicsCount() == 0
                ? broker.topics().all().stream().map(TopicImage::name).filter(n -> broker.authorization().mayDescribeTopic(request, n))
                        .sorted().toList()
                : req.getTopicsList();
        DescribeTopicsResponse.Builder b = DescribeTopicsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
        for (String name : names) {
            b.addTopics(describe(request, name, req.getIncludeOffsets()));
        }
        request.respond(b.build());
    }

    private TopicDescription describe(RequestContext request, String name, boolean offsets) {
        TopicDescription.Builder tb = TopicDescription.newBuilder().setName(name);
        String bad = TopicNames.check(name);
        TopicImage t = bad == null ? broker.topics().get(name) : null;
        if (bad != null) {
            return tb.setErrorCode(ErrorCode.INVALID_TOPIC_NAME).setErrorMessage(bad).build();
        }
        if (t == null || !broker.authorization().mayDescribeTopic(request, name)) {
            return tb.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).setErrorMessage("topic '" + name + "' does not exist").build();
        }
        tb.setErrorCode(ErrorCode.NONE).setTopicId(t.id()).setReplicationFactor(t.replicationFactor());
        for (Map.Entry<String, Map.Entry<String, Boolean>> e : TopicConfig.effective(t.configs(), broker.config()).entrySet()) {
            tb.addConfigs(ConfigEntry.newBuilder().setName(e.getKey()).setValue(e.getValue().getKey()).setIsDefault(e.getValue().getValue()));
        }
        for (PartitionAssignment a : t.partitions()) {
            PartitionDescription.Builder pd = PartitionDescription.newBuilder().setMetadata(TopicViews.partition(broker, name, a))
                    .addAllTargetReplicas(a.targetReplicas());
            Partition p = broker.partitions().get(name, a.partition());
            PartitionLog log = p == null ? null : p.log();
            if (offsets && log != null) {
                pd.setLogStartOffset(log.logStartOffset()).setLogEndOffset(log.logEndOffset()).setHighWatermark(p.highWatermark())
                        .setSizeBytes(log.sizeInBytes()).setSegmentCount(log.segmentCount()).setReportedBy(broker.brokerId());
                if (p.isLeader()) {
                    pd.addReplicas(ReplicaState.newBuilder().setBrokerId(broker.brokerId()).setMatchEnd(log.flushedOffset()));
                    for (Map.Entry<Integer, Long> e : p.replicaProgress().entrySet()) {
                        pd.addReplicas(ReplicaState.newBuilder().setBrokerId(e.getKey()).setMatchEnd(e.getValue()));
                    }
                }
            } else {
                pd.setReportedBy(-1);
            }
            tb.addPartitions(pd.build());
        }
        return tb.build();
    }
}
