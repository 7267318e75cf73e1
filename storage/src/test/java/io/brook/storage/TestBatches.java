package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.protocol.record.RecordCursor;
import io.brook.protocol.record.TimestampType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds record batches for the storage tests and takes read results apart again. Every buffer
 * returned is a fresh heap buffer holding exactly the batches, positioned at 0.
 */
public final class TestBatches {

    /** Bytes of a value when a test does not care about its content. */
    public static final int DEFAULT_VALUE_SIZE = 100;

    private TestBatches() {}

    /** One uncompressed batch of {@code records} records with timestamps {@code firstTimestamp + i}. */
    public static ByteBuffer batch(int records, long firstTimestamp) {
        return batch(records, firstTimestamp, DEFAULT_VALUE_SIZE);
    }

    /** As {@link #batch(int, long)}, with values of {@code valueSize} bytes. */
    public static ByteBuffer batch(int records, long firstTimestamp, int valueSize) {
        long[] timestamps = new long[records];
        for (int i = 0; i < records; i++) {
            timestamps[i] = firstTimestamp + i;
        }
        return build(CompressionType.NONE, TimestampType.CREATE_TIME, timestamps, values(records, valueSize));
    }

    /**
     * One uncompressed batch of an idempotent producer: {@code records} records with sequences from
     * {@code baseSequence} and timestamps {@code firstTimestamp + i}; {@code control} sets the control bit.
     */
    public static ByteBuffer idempotent(long producerId, short epoch, int baseSequence, int records, long firstTimestamp,
            boolean control) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256)
                .producer(producerId, epoch, baseSequence).control(control);
        for (int i = 0; i < records; i++) {
            b.append(firstTimestamp + i, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return copy(b.build());
    }

    /** One uncompressed batch with one record per timestamp, in the order given. */
    public static ByteBuffer withTimestamps(long... timestamps) {
        return build(CompressionType.NONE, TimestampType.CREATE_TIME, timestamps,
                values(timestamps.length, DEFAULT_VALUE_SIZE));
    }

    /** One batch compressed with {@code codec}, values {@code "value-<i>"}. */
    public static ByteBuffer compressed(CompressionType codec, int records, long firstTimestamp) {
        long[] timestamps = new long[records];
        byte[][] values = new byte[records][];
        for (int i = 0; i < records; i++) {
            timestamps[i] = firstTimestamp + i;
            values[i] = ("value-" + i + "-" + "x".repeat(50)).getBytes(StandardCharsets.UTF_8);
        }
        return build(codec, TimestampType.CREATE_TIME, timestamps, values);
    }

    /** One uncompressed batch with log-append time: every record reads back as the batch's max timestamp. */
    public static ByteBuffer logAppendTime(long... timestamps) {
        return build(CompressionType.NONE, TimestampType.LOG_APPEND_TIME, timestamps,
                values(timestamps.length, DEFAULT_VALUE_SIZE));
    }

    /** One batch with the given record timestamps and values. */
    public static ByteBuffer build(CompressionType codec, TimestampType type, long[] timestamps, byte[][] values) {
        RecordBatchBuilder b = new RecordBatchBuilder(codec, 1024).timestampType(type);
        for (int i = 0; i < timestamps.length; i++) {
            b.append(timestamps[i], ("k" + i).getBytes(StandardCharsets.UTF_8), values[i]);
        }
        return copy(b.build());
    }

    private static byte[][] values(int records, int valueSize) {
        byte[][] values = new byte[records][];
        for (int i = 0; i < records; i++) {
            values[i] = new byte[valueSize];
            for (int j = 0; j < valueSize; j++) {
                values[i][j] = (byte) (i + j);
            }
        }
        return values;
    }

    /** Sets the leader-assigned fields (outside the CRC) as a replicated batch would carry them. */
    public static ByteBuffer assigned(ByteBuffer batch, long baseOffset, int term) {
        RecordBatch view = RecordBatch.of(batch);
        view.setBaseOffset(baseOffset);
        view.setPartitionLeaderEpoch(term);
        return batch;
    }

    /** The batches back to back in one new buffer. */
    public static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b.duplicate());
        }
        return all.flip();
    }

    /** A heap copy of the remaining bytes, positioned at 0. */
    public static ByteBuffer copy(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src.duplicate()).flip();
        return copy;
    }

    public static byte[] bytes(ByteBuffer src) {
        byte[] bytes = new byte[src.remaining()];
        src.duplicate().get(bytes);
        return bytes;
    }

    /** Rewrites the stored CRC of the batch at index {@code start} to match its bytes again. */
    public static void fixCrc(ByteBuffer buf, int start) {
        int size = RecordBatch.LOG_OVERHEAD + buf.getInt(start + RecordBatch.LENGTH_OFFSET);
        CRC32C crc = new CRC32C();
        ByteBuffer region = buf.duplicate();
        region.limit(start + size).position(start + RecordBatch.ATTRIBUTES_OFFSET);
        crc.update(region);
        buf.putInt(start + RecordBatch.CRC_OFFSET, (int) crc.getValue());
    }

    /**
     * Splits {@code buf} (position..limit) into batch views, asserting that it holds whole batches
     * only, each with a valid CRC.
     */
    public static List<RecordBatch> parse(ByteBuffer buf) {
        List<RecordBatch> batches = new ArrayList<>();
        int p = buf.position();
        while (p < buf.limit()) {
            assertThat(buf.limit() - p).as("bytes left at %d", p).isGreaterThanOrEqualTo(RecordBatch.HEADER_SIZE);
            RecordBatch b = new RecordBatch().wrap(buf, p);
            assertThat(p + b.sizeInBytes()).as("batch at %d ends inside the slice", p).isLessThanOrEqualTo(buf.limit());
            assertThat(b.isCrcValid()).as("CRC of batch at %d", p).isTrue();
            batches.add(b);
            p += b.sizeInBytes();
        }
        return batches;
    }

    /** Offsets of every record in the batches of {@code buf}. */
    public static List<Long> recordOffsets(ByteBuffer buf) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch b : parse(buf)) {
            RecordCursor c = b.records();
            while (c.next()) {
                offsets.add(c.offset());
            }
        }
        return offsets;
    }

    /** Reads the whole log from its start, slice by slice, and returns the bytes of all batches. */
    public static ByteBuffer readAll(PartitionLog log) {
        return readFrom(log, log.logStartOffset());
    }

    /** Reads from {@code offset} to the log end, slice by slice, and returns the bytes of all batches. */
    public static ByteBuffer readFrom(PartitionLog log, long offset) {
        List<ByteBuffer> parts = new ArrayList<>();
        long next = offset;
        while (true) {
            try (ReadResult r = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE)) {
                if (r.status() != ReadResult.Status.OK) {
                    assertThat(r.status()).as("read at %d", next).isEqualTo(ReadResult.Status.NO_DATA);
                    break;
                }
                parts.add(r.slice().readAll());
                next = r.slice().lastOffset() + 1;
            }
        }
        return concat(parts.toArray(new ByteBuffer[0]));
    }

    /** Base offsets of the batches of {@code buf}. */
    public static List<Long> baseOffsets(ByteBuffer buf) {
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch b : parse(buf)) {
            offsets.add(b.baseOffset());
        }
        return offsets;
    }

    /** Terms of the batches of {@code buf}. */
    public static List<Integer> terms(ByteBuffer buf) {
        List<Integer> terms = new ArrayList<>();
        for (RecordBatch b : parse(buf)) {
            terms.add(b.partitionLeaderEpoch());
        }
        return terms;
    }
}
