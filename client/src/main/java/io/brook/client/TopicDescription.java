package io.brook.client;

import java.util.List;
import java.util.Map;

/**
 * A topic as {@link Admin#describeTopics} reports it.
 *
 * @param topicId the broker-assigned topic id
 * @param partitions every partition, by partition number
 * @param configs every topic config with its effective value, by name
 * @param offsets per partition number, when offsets were requested; empty otherwise
 * @param targetReplicas per partition number whose replicas are moving, where the move takes it (preferred
 *     leader first; its {@link PartitionInfo#replicas()} stay the old set until the move completes)
 */
public record TopicDescription(String name, String topicId, int replicationFactor, List<PartitionInfo> partitions,
                               Map<String, ConfigEntry> configs, Map<Integer, PartitionOffsets> offsets,
                               Map<Integer, List<Integer>> targetReplicas) {

    public TopicDescription {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
        offsets = Map.copyOf(offsets);
        Map<Integer, List<Integer>> targets = new java.util.TreeMap<>();
        targetReplicas.forEach((p, t) -> targets.put(p, List.copyOf(t)));
        targetReplicas = java.util.Collections.unmodifiableMap(targets);
    }

    /** A topic none of whose partitions is moving. */
    public TopicDescription(String name, String topicId, int replicationFactor, List<PartitionInfo> partitions,
                            Map<String, ConfigEntry> configs, Map<Integer, PartitionOffsets> offsets) {
        this(name, topicId, replicationFactor, partitions, configs, offsets, Map.of());
    }
}
