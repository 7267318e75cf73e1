package io.brook.client;

import java.util.List;

/**
 * A partition whose replicas are moving, as {@link Admin#listPartitionReassignments()} reports it.
 *
 * @param replicas the partition's replicas as last completed (the Raft group's voters before the move)
 * @param targetReplicas where the move takes it, preferred leader first
 * @param throttleBytesPerSec the rate at which new replicas may copy the log, 0 = unthrottled
 */
public record PartitionReassignment(TopicPartition partition, List<Integer> replicas, List<Integer> targetReplicas,
                                    long throttleBytesPerSec) {

    public PartitionReassignment {
        replicas = List.copyOf(replicas);
        targetReplicas = List.copyOf(targetReplicas);
    }
}
