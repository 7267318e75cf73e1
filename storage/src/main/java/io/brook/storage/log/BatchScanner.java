package io.brook.storage.log;

import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a segment file sequentially batch by batch and checks each one fully (header fields and
 * CRC32C) without trusting any length it reads: used by recovery. Batches larger than the read
 * buffer have their CRC streamed in chunks, so memory stays bounded whatever the file says.
 * Not thread-safe.
 */
final class BatchScanner {

    private static final int BUFFER_SIZE = 1024 * 1024;

    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buf;
    private final RecordBatch header = new RecordBatch();
    private ByteBuffer chunk;
    private long bufStart;
    private long position;
    private String error;

    BatchScanner(FileChannel channel, long from, long fileSize) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.position = from;
        this.buf = ByteBuffer.allocate((int) Math.max(RecordBatch.HEADER_SIZE, Math.min(BUFFER_SIZE, fileSize - from)));
        this.buf.limit(0);
        this.bufStart = from;
    }

    /** File position of the next batch (after the last one returned). */
    long position() {
        return position;
    }

    /** Why scanning stopped before the end of the file, or {@code null}. */
    String error() {
        return error;
    }

    /**
     * @return the next valid batch (a header view, valid until the next call), or {@code null} at the
     *     end of the file or at the first invalid batch, in which case {@link #error()} says why
     */
    RecordBatch next() throws IOException {
        if (position >= fileSize || error != null) {
            return null;
        }
        long available = fileSize - position;
        ensure(position, (int) Math.min(RecordBatch.HEADER_SIZE, available));
        int rel = (int) (position - bufStart);
        BatchError e = RecordBatch.validateHeader(buf, rel, available, Integer.MAX_VALUE);
        if (e != BatchError.NONE) {
            error = e.description();
            return null;
        }
        int size = RecordBatch.LOG_OVERHEAD + buf.getInt(rel + RecordBatch.LENGTH_OFFSET);
        long crc;
        if (size <= buf.capacity()) {
            ensure(position, size);
            rel = (int) (position - bufStart);
            crc = header.wrap(buf, rel).computeCrc();
        } else {
            crc = streamCrc(position + RecordBatch.ATTRIBUTES_OFFSET, position + size);
        }
        header.wrap(buf, rel);
        if (crc != header.crc()) {
            error = BatchError.BAD_CRC.description();
            return null;
        }
        position += size;
        return header;
    }

    private void ensure(long at, int n) throws IOException {
        if (at >= bufStart && at + n <= bufStart + buf.limit()) {
            return;
        }
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), fileSize - at));
        int read = FileIo.readFully(channel, buf, at);
        buf.position(0).limit(read);
        bufStart = at;
    }

    private long streamCrc(long from, long to) throws IOException {
        if (chunk == null) {
            chunk = ByteBuffer.allocate(BUFFER_SIZE);
        }
        CRC32C crc = new CRC32C();
        for (long p = from; p < to; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - p));
            int n = FileIo.readFully(channel, chunk, p);
            if (n <= 0) {
                return -1;
            }
            chunk.flip();
            crc.update(chunk);
            p += n;
        }
        return crc.getValue();
    }
}
