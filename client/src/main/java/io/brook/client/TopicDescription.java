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
 */
public record TopicDescription(String name, String topicId, int replicationFactor, List<PartitionInfo> partitions,
                               Map<String, ConfigEntry> configs, Map<Integer, PartitionOffsets> offsets) {

    public TopicDescription {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
        offsets = Map.copyOf(offsets);
    }
}
