package io.brook.storage.log;

import io.brook.storage.LogSlice;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link LogSlice} over one pinned segment; releases the pin on close. */
final class SegmentSlice implements LogSlice {

    private final Segment segment;
    private final int position;
    private final int size;
    private final long firstOffset;
    private final long lastOffset;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes over a {@link Segment#retain()} made by the caller. */
    SegmentSlice(Segment segment, int position, int size, long firstOffset, long lastOffset) {
        this.segment = segment;
        this.position = position;
        this.size = size;
        this.firstOffset = firstOffset;
        this.lastOffset = lastOffset;
    }

    @Override
    public long firstOffset() {
        return firstOffset;
    }

    @Override
    public long lastOffset() {
        return lastOffset;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public FileChannel fileChannel() {
        return segment.channel();
    }

    @Override
    public long filePosition() {
        return position;
    }

    @Override
    public long transferTo(WritableByteChannel target, long from, long count) throws IOException {
        checkOpen();
        if (from < 0 || from > size) {
            throw new IllegalArgumentException("position " + from + " outside slice of " + size + " bytes");
        }
        long n = Math.min(count, size - from);
        return n == 0 ? 0 : segment.channel().transferTo(position + from, n, target);
    }

    @Override
    public ByteBuffer readAll() {
        checkOpen();
        ByteBuffer buf = ByteBuffer.allocate(size);
        try {
            if (FileIo.readFully(segment.channel(), buf, position) != size) {
                throw new StorageException("short read of " + size + " bytes at " + position + " in " + segment.logPath());
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + segment.logPath(), e);
        }
        return buf.flip();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("slice is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            segment.release();
        }
    }

    @Override
    public String toString() {
        return "LogSlice(" + segment.logPath().getFileName() + "@" + position + "+" + size + ", offsets " + firstOffset + ".." + lastOffset + ")";
    }
}
