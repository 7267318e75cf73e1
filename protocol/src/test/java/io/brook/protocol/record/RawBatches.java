package io.brook.protocol.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Hand-assembled batches for tests that need bytes the builder refuses to write: arbitrary offset
 * deltas, wrong counts, garbage or foreign records sections. Encodes independently of
 * {@link RecordBatchBuilder}, using only {@link Varints}.
 */
final class RawBatches {

    private RawBatches() {}

    /** One encoded record (length prefix included) with the given offset delta. */
    static byte[] record(int offsetDelta, long timestampDelta, byte[] key, byte[] value, Header... headers) {
        ByteBuffer body = ByteBuffer.allocate(64 + length(key) + length(value) + headersSize(headers));
        body.put((byte) 0);
        Varints.writeVarlong(timestampDelta, body);
        Varints.writeVarint(offsetDelta, body);
        writeBytes(key, body);
        writeBytes(value, body);
        Varints.writeVarint(headers.length, body);
        for (Header h : headers) {
            writeBytes(h.keyUtf8(), body);
            writeBytes(h.value(), body);
        }
        body.flip();
        ByteBuffer out = ByteBuffer.allocate(5 + body.remaining());
        Varints.writeVarint(body.remaining(), out);
        out.put(body);
        return Arrays.copyOf(out.array(), out.position());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * A batch at index 0 of a new buffer with the given attributes, last offset delta, record count
     * and records section (already compressed if the attributes name a codec), and a matching CRC.
     */
    static ByteBuffer batch(int attributes, int lastOffsetDelta, int recordCount, byte[] recordsSection) {
        ByteBuffer b = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + recordsSection.length);
        b.putLong(RecordBatch.BASE_OFFSET_OFFSET, 0L);
        b.putInt(RecordBatch.LENGTH_OFFSET, b.capacity() - RecordBatch.LOG_OVERHEAD);
        b.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, 0);
        b.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta);
        b.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, 1_000L);
        b.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, 1_000L);
        b.putLong(RecordBatch.PRODUCER_ID_OFFSET, RecordBatch.NO_PRODUCER_ID);
        b.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, RecordBatch.NO_PRODUCER_EPOCH);
        b.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, RecordBatch.NO_SEQUENCE);
        b.putInt(RecordBatch.RECORD_COUNT_OFFSET, recordCount);
        b.put(RecordBatch.RECORDS_OFFSET, recordsSection);
        return TestBytes.fixCrc(b);
    }

    /** Compresses {@code raw} with Brook's framing for {@code codec}. */
    static byte[] compress(CompressionType codec, byte[] raw) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = Codecs.compressing(codec, sink)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static int headersSize(Header[] headers) {
        int n = 0;
        for (Header h : headers) {
            n += 10 + h.keyUtf8().length + length(h.value());
        }
        return n;
    }

    private static void writeBytes(byte[] b, ByteBuffer out) {
        if (b == null) {
            Varints.writeVarint(-1, out);
        } else {
            Varints.writeVarint(b.length, out);
            out.put(b);
        }
    }
}
