package io.brook.client;

import java.util.List;

/**
 * A partition as the cluster metadata describes it.
 *
 * @param leader id of the leading broker, or -1 when the partition has no leader
 * @param leaderTerm Raft term of the current leader
 * @param replicas ids of the brokers holding a replica
 * @param inSyncReplicas ids of the replicas caught up with the leader
 */
public record PartitionInfo(String topic, int partition, int leader, int leaderTerm, List<Integer> replicas,
                            List<Integer> inSyncReplicas) {

    public PartitionInfo {
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
    }

    public boolean hasLeader() {
        return leader >= 0;
    }
}
