package io.brook.protocol.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record header: a UTF-8 key and an optional byte value. Immutable; the encoded key is computed
 * once so that a header reused across records costs no allocation when written.
 */
public final class Header {

    private final String key;
    private final byte[] value;
    private final byte[] keyUtf8;

    public Header(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key");
        this.value = value;
        this.keyUtf8 = key.getBytes(StandardCharsets.UTF_8);
    }

    /** Convenience for text values: the value is the UTF-8 encoding of {@code value}. */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public String key() {
        return key;
    }

    /** The value; {@code null} when the header has none. The array is shared, not copied. */
    public byte[] value() {
        return value;
    }

    byte[] keyUtf8() {
        return keyUtf8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + (value == null ? "null" : new String(value, StandardCharsets.UTF_8));
    }
}
