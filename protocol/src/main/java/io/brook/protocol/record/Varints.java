package io.brook.protocol.record;

import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers, as in protocol buffers' {@code sint32}/{@code sint64} and Kafka's
 * record format: 7 bits per byte, least significant group first, high bit set on every byte but the
 * last. An {@code int} takes at most 5 bytes, a {@code long} at most 10.
 *
 * <p>Readers work on absolute positions so that concurrent readers can share a buffer. A reader that
 * runs past {@code limit} or past the maximum length reports it by returning a negative length
 * through {@link Cursor#fail}; it never throws for malformed input.
 */
final class Varints {

    private Varints() {}

    static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xffffff80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xffffffffffffff80L) != 0L) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes at {@code buf.position()} and advances it. */
    static void writeVarint(int value, ByteBuffer buf) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xffffff80) != 0) {
            buf.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    /** Writes at {@code buf.position()} and advances it. */
    static void writeVarlong(long value, ByteBuffer buf) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            buf.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    /**
     * A read position over a buffer region. {@link #failed()} turns true once any read ran past
     * the limit or met an over-long varint; later reads then return 0.
     */
    static final class Cursor {
        ByteBuffer buf;
        int pos;
        int limit;
        boolean failed;

        void reset(ByteBuffer buf, int pos, int limit) {
            this.buf = buf;
            this.pos = pos;
            this.limit = limit;
            this.failed = false;
        }

        boolean failed() {
            return failed;
        }

        void fail() {
            failed = true;
            pos = limit;
        }

        byte readByte() {
            if (pos >= limit) {
                fail();
                return 0;
            }
            return buf.get(pos++);
        }

        int readVarint() {
            int raw = 0;
            int shift = 0;
            while (true) {
                if (pos >= limit) {
                    fail();
                    return 0;
                }
                int b = buf.get(pos++);
                raw |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 28) {
                    fail();
                    return 0;
                }
            }
            return (raw >>> 1) ^ -(raw & 1);
        }

        long readVarlong() {
            long raw = 0;
            int shift = 0;
            while (true) {
                if (pos >= limit) {
                    fail();
                    return 0;
                }
                long b = buf.get(pos++);
                raw |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 63) {
                    fail();
                    return 0;
                }
            }
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** Skips {@code n} bytes, failing when fewer remain or {@code n} is negative. */
        void skip(int n) {
            if (n < 0 || n > limit - pos) {
                fail();
                return;
            }
            pos += n;
        }
    }
}
