package io.brook.replication.control;

import java.util.List;

/**
 * One partition in the metadata image.
 *
 * @param replicas broker ids holding a replica (the Raft group's voters), preferred leader first
 * @param leader the leader last reported by a replica, or -1
 * @param leaderTerm the Raft term of that report, or -1
 */
public record PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderTerm) {

    public PartitionAssignment {
        replicas = List.copyOf(replicas);
    }
}
