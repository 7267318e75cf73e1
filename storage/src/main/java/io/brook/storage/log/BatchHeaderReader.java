package io.brook.storage.log;

import io.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads batch headers (the first 61 bytes of a batch) from a file with positional reads, into one
 * reusable buffer. One instance per thread and operation; not thread-safe.
 */
final class BatchHeaderReader {

    private final ByteBuffer buf = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    private final RecordBatch view = new RecordBatch().wrap(buf, 0);

    /** The header read by the last successful {@link #read}. */
    RecordBatch view() {
        return view;
    }

    /**
     * Reads the header at {@code position}.
     *
     * @param limit the file position the batch must end at or before
     * @return the header view, or {@code null} when no whole batch with a sane length fits before {@code limit}
     */
    RecordBatch read(FileChannel ch, long position, long limit) throws IOException {
        if (limit - position < RecordBatch.HEADER_SIZE) {
            return null;
        }
        buf.clear();
        if (FileIo.readFully(ch, buf, position) < RecordBatch.HEADER_SIZE) {
            return null;
        }
        int length = view.batchLength();
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD
                || position + RecordBatch.LOG_OVERHEAD + length > limit) {
            return null;
        }
        return view;
    }
}
