package io.brook.protocol.record;

import java.util.Arrays;

/**
 * One record, decoded and copied out of its batch: for convenience paths (tools, tests). Hot
 * paths use {@link RecordCursor} instead.
 *
 * @param key {@code null} when the record has no key
 * @param value {@code null} for a tombstone
 */
public record Record(long offset, long timestamp, byte[] key, byte[] value, Header[] headers) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && offset == r.offset && timestamp == r.timestamp
                && Arrays.equals(key, r.key) && Arrays.equals(value, r.value) && Arrays.equals(headers, r.headers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + (key == null ? "null" : key.length + "B")
                + ", value=" + (value == null ? "null" : value.length + "B") + ", headers=" + Arrays.toString(headers) + ")";
    }
}
