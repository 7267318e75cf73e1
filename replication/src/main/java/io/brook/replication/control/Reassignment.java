package io.brook.replication.control;

import java.util.List;
import java.util.Objects;

/**
 * A request to move one partition's replicas to {@code targetReplicas} (see
 * {@link ClusterMetadata#reassignPartitions}).
 *
 * @param targetReplicas the replicas the partition should end with, preferred leader first
 * @param throttleBytesPerSec the rate at which new replicas may copy the log, 0 = unthrottled
 */
public record Reassignment(String topic, int partition, List<Integer> targetReplicas, long throttleBytesPerSec) {

    public Reassignment {
        Objects.requireNonNull(topic, "topic");
        targetReplicas = List.copyOf(targetReplicas);
    }

    /** The same move at another throttle. */
    public Reassignment withThrottle(long bytesPerSec) {
        return new Reassignment(topic, partition, targetReplicas, bytesPerSec);
    }
}
