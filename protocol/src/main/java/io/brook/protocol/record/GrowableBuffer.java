package io.brook.protocol.record;

import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A heap {@link ByteBuffer} that doubles when full, usable as an {@link OutputStream} sink for
 * compressors. Reused across batches so that steady-state building allocates nothing.
 */
final class GrowableBuffer extends OutputStream {

    private ByteBuffer buf;

    GrowableBuffer(int initialCapacity) {
        this.buf = ByteBuffer.allocate(Math.max(64, initialCapacity));
    }

    /** The current buffer; its identity changes when it grows. */
    ByteBuffer buffer() {
        return buf;
    }

    void ensureRemaining(int n) {
        if (buf.remaining() < n) {
            long needed = (long) buf.position() + n;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("batch would exceed 2 GiB");
            }
            int capacity = (int) Math.max(needed, Math.min((long) buf.capacity() * 2, Integer.MAX_VALUE - 8));
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    void clear() {
        buf.clear();
    }

    @Override
    public void write(int b) {
        ensureRemaining(1);
        buf.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureRemaining(len);
        buf.put(b, off, len);
    }
}
