package io.brook.client;

import java.util.Objects;

/**
 * A partition of a topic.
 *
 * @param topic the topic name
 * @param partition the partition number, from 0
 */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
    }

    /** {@code topic-partition}, the form used in logs and messages. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
