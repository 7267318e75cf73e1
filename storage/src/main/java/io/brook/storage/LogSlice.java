package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A region of one segment file holding whole batches, to be sent with zero copy
 * ({@link #transferTo}, e.g. wrapped in a Netty {@code FileRegion}) or copied ({@link #readAll}).
 *
 * <p>The slice pins its segment: retention cannot close the file under it. Close it exactly once
 * when done (further calls do nothing). Reads use positional I/O, so a slice may be used by one
 * thread while others read the same segment.
 */
public interface LogSlice extends AutoCloseable {

    /** Offset of the first record in the first batch (may be below the offset asked for). */
    long firstOffset();

    /** Offset of the last record in the last batch. */
    long lastOffset();

    /** Number of bytes in the slice. */
    int sizeInBytes();

    /**
     * The segment file's channel, for zero-copy senders that need it (e.g. Netty's
     * {@code DefaultFileRegion}). Use only positional operations in
     * [{@link #filePosition()}, {@link #filePosition()} + {@link #sizeInBytes()}) and never close it:
     * the log owns it.
     */
    FileChannel fileChannel();

    /** Byte position of the slice's first batch in {@link #fileChannel()}. */
    long filePosition();

    /**
     * Transfers up to {@code count} bytes starting {@code position} bytes into the slice to
     * {@code target}, with {@code FileChannel.transferTo} (sendfile where the OS allows).
     *
     * @return bytes transferred, possibly fewer than asked when the target is non-blocking
     */
    long transferTo(WritableByteChannel target, long position, long count) throws IOException;

    /** Copies the whole slice into a new heap buffer (position 0, limit = size). */
    ByteBuffer readAll();

    @Override
    void close();
}
