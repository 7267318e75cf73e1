package io.brook.replication.control;

import java.util.List;
import java.util.Map;

/**
 * A topic in the metadata image.
 *
 * @param id a UUID given at creation, so that a re-created topic never mixes with the old one
 * @param configs config overrides (validated by the broker before they were submitted)
 * @param partitions by partition number
 */
public record TopicImage(String name, String id, int replicationFactor, Map<String, String> configs,
                         List<PartitionAssignment> partitions) {

    public TopicImage {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }
}
