package io.brook.client;

import io.brook.protocol.record.Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: topic, optional partition, key, value, headers and timestamp. Immutable (the
 * key, value and header arrays are not copied: do not change them until the send completes).
 *
 * <p>Without a partition, a record with a key goes to {@code murmur2(key) % partitions}, the
 * partition Kafka's default partitioner chooses; a record without a key goes to a "sticky"
 * partition that changes once a batch for it is complete. Without a timestamp, the producer uses
 * the current time.
 */
public final class ProducerRecord {

    private static final Header[] NO_HEADERS = new Header[0];

    private final String topic;
    private final Integer partition;
    private final Long timestamp;
    private final byte[] key;
    private final byte[] value;
    private final Header[] headers;

    public ProducerRecord(String topic, byte[] value) {
        this(topic, null, null, null, value, null);
    }

    public ProducerRecord(String topic, byte[] key, byte[] value) {
        this(topic, null, null, key, value, null);
    }

    public ProducerRecord(String topic, Integer partition, byte[] key, byte[] value) {
        this(topic, partition, null, key, value, null);
    }

    /**
     * @param partition {@code null} to let the producer choose
     * @param timestamp milliseconds since the epoch, or {@code null} for the time of {@code send}
     * @param key may be {@code null}
     * @param value may be {@code null} (a tombstone)
     * @param headers may be {@code null}
     */
    public ProducerRecord(String topic, Integer partition, Long timestamp, byte[] key, byte[] value,
                          Iterable<Header> headers) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp);
        }
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = toArray(headers);
    }

    private static Header[] toArray(Iterable<Header> headers) {
        if (headers == null) {
            return NO_HEADERS;
        }
        if (headers instanceof List<Header> list) {
            return list.isEmpty() ? NO_HEADERS : list.toArray(new Header[0]);
        }
        ArrayList<Header> copy = new ArrayList<>();
        headers.forEach(h -> copy.add(Objects.requireNonNull(h, "header")));
        return copy.toArray(new Header[0]);
    }

    public String topic() {
        return topic;
    }

    /** The requested partition, or {@code null} when the producer chooses. */
    public Integer partition() {
        return partition;
    }

    /** The requested timestamp, or {@code null} for the time of {@code send}. */
    public Long timestamp() {
        return timestamp;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    public List<Header> headers() {
        return List.of(headers);
    }

    /** The headers as the array handed to the batch builder; never {@code null}, not copied. */
    Header[] headerArray() {
        return headers;
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", timestamp=" + timestamp
                + ", key=" + (key == null ? "null" : key.length + "B")
                + ", value=" + (value == null ? "null" : value.length + "B")
                + ", headers=" + Arrays.toString(headers) + ")";
    }
}
