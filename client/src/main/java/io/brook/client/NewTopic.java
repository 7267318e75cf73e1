package io.brook.client;

import io.brook.protocol.TopicNames;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create with {@link Admin#createTopics}.
 *
 * @param partitions number of partitions, at least 1
 * @param replicationFactor number of replicas of each partition, at least 1
 * @param configs topic-level overrides such as {@code retention.ms}; the broker validates them
 */
public record NewTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public NewTopic {
        Objects.requireNonNull(name, "name");
        String problem = TopicNames.check(name);
        if (problem != null) {
            throw new InvalidTopicException(problem);
        }
        if (partitions < 1) {
            throw new InvalidConfigException("topic '" + name + "' needs at least 1 partition, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new InvalidConfigException("topic '" + name + "' needs a replication factor of at least 1, got "
                    + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    public NewTopic(String name, int partitions, int replicationFactor) {
        this(name, partitions, replicationFactor, Map.of());
    }
}
