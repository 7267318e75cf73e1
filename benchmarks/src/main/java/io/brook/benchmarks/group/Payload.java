package io.brook.benchmarks.group;

import java.nio.ByteBuffer;

/** The benchmark's record values: the send time in milliseconds (8 bytes, big-endian), then padding. */
final class Payload {

    private Payload() {}

    static byte[] stamped(long sentMs, int size) {
        byte[] value = new byte[Math.max(8, size)];
        ByteBuffer.wrap(value).putLong(sentMs);
        return value;
    }

    /** The send time written by {@link #stamped}, or {@link Long#MAX_VALUE} for a value it did not write. */
    static long sentAt(byte[] value) {
        return value != null && value.length >= 8 ? ByteBuffer.wrap(value, 0, 8).getLong() : Long.MAX_VALUE;
    }
}
