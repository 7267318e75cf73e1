package io.brook.broker.api;

import io.brook.broker.meta.TopicInfo;
import io.brook.broker.partition.Partition;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.TopicMetadata;

/** Builds the metadata views of topics that Metadata and DescribeTopics return. */
final class TopicViews {

    private TopicViews() {}

    static TopicMetadata metadata(BrokerContext broker, TopicInfo t) {
        TopicMetadata.Builder b = TopicMetadata.newBuilder().setName(t.name()).setTopicId(t.id()).setErrorCode(ErrorCode.NONE);
        for (int i = 0; i < t.partitions(); i++) {
            b.addPartitions(partition(broker, t.name(), i));
        }
        return b.build();
    }

    static PartitionMetadata partition(BrokerContext broker, String topic, int i) {
        Partition p = broker.partitions().get(topic, i);
        PartitionMetadata.Builder pb = PartitionMetadata.newBuilder().setPartition(i).addReplicas(broker.brokerId());
        if (p == null || p.log() == null) {
            pb.setErrorCode(ErrorCode.LEADER_NOT_AVAILABLE).setLeaderId(-1).setLeaderTerm(-1);
        } else {
            pb.setErrorCode(ErrorCode.NONE).setLeaderId(broker.brokerId()).setLeaderTerm(broker.leaderTerm())
                    .addInSyncReplicas(broker.brokerId());
        }
        return pb.build();
    }

    static TopicMetadata unknown(String name, ErrorCode code, String message) {
        return TopicMetadata.newBuilder().setName(name).setErrorCode(code).setErrorMessage(message).build();
    }
}
