package io.brook.client;

/**
 * Where a sent record was stored.
 *
 * @param offset the record's offset in the partition, or -1 when the producer does not wait for
 *     acknowledgements ({@code acks=0})
 * @param timestamp the record's timestamp (the one it was sent with)
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {

    /** Whether the offset is known (it is not with {@code acks=0}). */
    public boolean hasOffset() {
        return offset >= 0;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
