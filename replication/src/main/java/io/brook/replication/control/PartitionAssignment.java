package io.brook.replication.control;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One partition in the metadata image.
 *
 * @param replicas broker ids holding a replica (the Raft group's voters as last completed), preferred leader
 *     first; while a move runs it stays the old set
 * @param leader the leader last reported by a replica, or -1
 * @param leaderTerm the Raft term of that report, or -1
 * @param targetReplicas where a replica move is taking the partition, preferred leader first; empty when no
 *     move is in progress. The partition's Raft leader walks the group's configuration towards this set one
 *     server at a time and reports completion once the committed configuration has exactly these members
 * @param moveThrottleBytesPerSec the rate at which new replicas of the move may copy the log, 0 = unthrottled
 *     (0 when no move runs)
 */
public record PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderTerm,
                                  List<Integer> targetReplicas, long moveThrottleBytesPerSec) {

    public PartitionAssignment {
        replicas = List.copyOf(replicas);
        targetReplicas = List.copyOf(Objects.requireNonNull(targetReplicas, "targetReplicas"));
        if (moveThrottleBytesPerSec < 0) {
            throw new IllegalArgumentException("negative move throttle " + moveThrottleBytesPerSec);
        }
    }

    /** A partition with no move in progress. */
    public PartitionAssignment(int partition, List<Integer> replicas, int leader, int leaderTerm) {
        this(partition, replicas, leader, leaderTerm, List.of(), 0);
    }

    /** Whether a replica move is in progress. */
    public boolean moving() {
        return !targetReplicas.isEmpty();
    }

    /** The replicas, then those of the target that are not among them (no duplicates, order kept). */
    public List<Integer> allReplicas() {
        if (targetReplicas.isEmpty()) {
            return replicas; // not moving (the common case): no copy, checked for every partition on every image
        }
        LinkedHashSet<Integer> all = new LinkedHashSet<>(replicas);
        all.addAll(targetReplicas);
        return List.copyOf(new ArrayList<>(all));
    }

    /** The set the partition will have once nothing moves: the target while moving, else the replicas. */
    public List<Integer> eventualReplicas() {
        return moving() ? targetReplicas : replicas;
    }

    /** The same partition with another reported leader. */
    public PartitionAssignment withLeader(int leaderId, int term) {
        return new PartitionAssignment(partition, replicas, leaderId, term, targetReplicas, moveThrottleBytesPerSec);
    }
}
