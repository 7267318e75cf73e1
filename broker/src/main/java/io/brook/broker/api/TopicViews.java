package io.brook.broker.api;

import io.brook.broker.partition.Partition;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.TopicMetadata;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.TopicImage;
import java.util.Map;

/**
 * Builds the metadata views of topics that Metadata and DescribeTopics return. Leadership comes from
 * this broker's own replica when it has one (freshest), else from the leader reports in the cluster
 * metadata.
 */
final class TopicViews {

    private TopicViews() {}

    static TopicMetadata metadata(BrokerContext broker, TopicImage t) {
        TopicMetadata.Builder b = TopicMetadata.newBuilder().setName(t.name()).setTopicId(t.id()).setErrorCode(ErrorCode.NONE);
        for (PartitionAssignment a : t.partitions()) {
            b.addPartitions(partition(broker, t.name(), a));
        }
        return b.build();
    }

    static PartitionMetadata partition(BrokerContext broker, String topic, PartitionAssignment a) {
        PartitionMetadata.Builder pb = PartitionMetadata.newBuilder().setPartition(a.partition()).addAllReplicas(a.replicas());
        Partition local = broker.partitions().get(topic, a.partition());
        int leader = a.leader();
        int term = a.leaderTerm();
        if (local != null && local.leaderId() >= 0 && local.leaderTerm() >= term) {
            leader = local.leaderId();
            term = local.leaderTerm();
        }
        if (leader == broker.brokerId() && (local == null || !local.isLeader())) {
            // a report of our own leadership that our replica no longer (or not yet) backs: stale
            leader = -1;
        }
        if (local != null && local.isLeader()) {
            long hw = local.highWatermark();
            pb.addInSyncReplicas(broker.brokerId());
            for (Map.Entry<Integer, Long> e : local.replicaProgress().entrySet()) {
                if (e.getValue() >= hw) {
                    pb.addInSyncReplicas(e.getKey());
                }
            }
        } else if (leader >= 0) {
            pb.addAllInSyncReplicas(a.replicas());
        }
        pb.setLeaderId(leader).setLeaderTerm(term).setErrorCode(leader >= 0 ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE);
        return pb.build();
    }

    static TopicMetadata unknown(String name, ErrorCode code, String message) {
        return TopicMetadata.newBuilder().setName(name).setErrorCode(code).setErrorMessage(message).build();
    }

    /** The leader to name in a NOT_LEADER answer, or -1. */
    static int leaderHint(BrokerContext broker, String topic, int partition) {
        Partition local = broker.partitions().get(topic, partition);
        if (local != null && local.leaderId() >= 0) {
            return local.leaderId();
        }
        PartitionAssignment a = broker.assignment(topic, partition);
        return a == null ? -1 : a.leader();
    }
}
