package io.brook.broker.coordinator;

import io.brook.broker.partition.TopicPartition;
import java.util.Map;

/**
 * What the metrics show of one group this broker coordinates: a copy taken on the coordinator thread
 * by {@link CoordinatorService#summaries()}, safe to read on any thread.
 *
 * @param groupId the group
 * @param state {@code empty}, {@code reconciling} or {@code stable}, as ListGroups and DescribeGroups give it
 * @param members the members the group has now
 * @param committedOffsets the group's committed offset (the next record to consume) per partition it committed for
 */
public record GroupSummary(String groupId, String state, int members, Map<TopicPartition, Long> committedOffsets) {

    public GroupSummary {
        committedOffsets = Map.copyOf(committedOffsets);
    }
}
