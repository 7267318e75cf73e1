package io.brook.client;

import io.brook.protocol.record.Header;
import java.util.List;

/**
 * A record read by a {@link Consumer}. Key, value and header values are copies owned by the
 * record; they stay valid after the next poll.
 */
public final class ConsumerRecord {

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final byte[] key;
    private final byte[] value;
    private final List<Header> headers;

    public ConsumerRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                          List<Header> headers) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers == null ? List.of() : headers;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** Milliseconds since the epoch: the producer's, or the broker's append time for log-append-time topics. */
    public long timestamp() {
        return timestamp;
    }

    /** The key, or {@code null}. */
    public byte[] key() {
        return key;
    }

    /** The value, or {@code null} for a tombstone. */
    public byte[] value() {
        return value;
    }

    public List<Header> headers() {
        return headers;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return "ConsumerRecord(" + topic + "-" + partition + "@" + offset + ", timestamp=" + timestamp
                + ", key=" + (key == null ? "null" : key.length + "B")
                + ", value=" + (value == null ? "null" : value.length + "B") + ", headers=" + headers + ")";
    }
}
