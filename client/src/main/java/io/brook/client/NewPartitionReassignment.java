package io.brook.client;

import java.util.List;
import java.util.Objects;

/**
 * A replica move to ask for with {@link Admin#alterPartitionReassignments}.
 *
 * @param targetReplicas the replicas the partition should end with, preferred leader first; the current
 *     replicas cancel a move in progress
 * @param throttleBytesPerSec the rate at which new replicas may copy the log, 0 = unthrottled
 */
public record NewPartitionReassignment(TopicPartition partition, List<Integer> targetReplicas, long throttleBytesPerSec) {

    public NewPartitionReassignment {
        Objects.requireNonNull(partition, "partition");
        targetReplicas = List.copyOf(targetReplicas);
        if (throttleBytesPerSec < 0) {
            throw new IllegalArgumentException("negative throttle " + throttleBytesPerSec);
        }
    }
}
