package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * What an {@link Assignor} assigns from: each member's subscription, each topic's partition count
 * and the previous target (the base a sticky assignor keeps as much of as it can).
 *
 * @param subscriptions subscribed topics by member id
 * @param partitionCounts partition counts by topic; a subscribed topic missing here has no partitions yet
 * @param previousTargets the target of the previous group epoch, by member id
 */
public record AssignmentSpec(
        SortedMap<String, SortedSet<String>> subscriptions,
        SortedMap<String, Integer> partitionCounts,
        SortedMap<String, SortedSet<TopicPartition>> previousTargets) {

    /** The partitions of {@code topic}, in order; none if the topic is unknown. */
    List<TopicPartition> partitionsOf(String topic) {
        int count = partitionCounts.getOrDefault(topic, 0);
        List<TopicPartition> partitions = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    /** Whether {@code memberId} may be given {@code partition}: it subscribes to its topic and the partition exists. */
    boolean eligible(String memberId, TopicPartition partition) {
        return subscriptions.get(memberId).contains(partition.topic())
                && partition.partition() < partitionCounts.getOrDefault(partition.topic(), 0);
    }
}
