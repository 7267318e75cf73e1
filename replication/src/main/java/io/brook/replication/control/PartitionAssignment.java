package io.brook.replication.control;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition in the metadata image.
 *
 * @param replicas broker ids holding a replica (the Raft group's voters as last completed), preferred leader first
 * @param leader the leader last reported by a replica, or -1
 * @param leaderTerm the Raft term of that report, or -1
 * @param targetReplicas while a move runs, the replicas it moves to (preferred leader first); empty otherwise
 * @param moveThrottleBytesPerSec while a move runs, the bytes per second a new replica may be sent (0: no limit)
 */
public record PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderTerm, List<Integer> targetReplicas,
                                  long moveThrottleBytesPerSec) {

    public PartitionAssignment {
        replicas = List.copyOf(replicas);
        targetReplicas = List.copyOf(targetReplicas);
    }

    public PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderTerm) {
        this(partition, replicas, leader, leaderTerm, List.of(), 0);
    }

    /** Whether a move runs. */
    public boolean moving() {
        return !targetReplicas.isEmpty();
    }

    /** The replicas, then the target's brokers that are not among them. */
    public List<Integer> allReplicas() {
        List<Integer> all = new ArrayList<>(replicas);
        for (int id : targetReplicas) {
            if (!all.contains(id)) {
                all.add(id);
            }
        }
        return all;
    }
}
