package io.brook.protocol.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xerial.snappy.SnappyError;

/**
 * Iterates the records of one batch without copying keys or values: {@link #key()} and
 * {@link #value()} are views into the batch (or into the decompressed records, which the cursor
 * decompresses once per batch into a buffer it reuses). Copies are made only by
 * {@link #keyBytes()}, {@link #valueBytes()}, {@link #headers()} and {@link #toRecord()}.
 *
 * <p>Malformed records raise {@link InvalidBatchException} with {@link BatchError#BAD_RECORDS}; a
 * validated uncompressed batch never does. Not thread-safe; reuse one cursor per thread.
 */
public final class RecordCursor {

    /** Default cap on a batch's decompressed records section, against decompression bombs. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    private final Varints.Cursor in = new Varints.Cursor();
    private final int maxDecompressedBytes;
    private GrowableBuffer decompressed;
    private byte[] chunk;

    private ByteBuffer data;
    private int batchStart;
    private long baseOffset;
    private long baseTimestamp;
    /** Whether the batch has log-append time: every record then takes the batch's max timestamp. */
    private boolean useLogAppendTime;
    private long logAppendTime;
    private int remaining;

    private long offset;
    private long timestamp;
    private int keyPos;
    private int keySize;
    private int valuePos;
    private int valueSize;
    private int headersPos;
    private int headerCount;

    public RecordCursor() {
        this(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    public RecordCursor(int maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * Positions the cursor before the first record of {@code batch}, decompressing the records
     * section if the batch has a codec. The batch itself should have been validated.
     */
    public RecordCursor reset(RecordBatch batch) {
        CompressionType codec = batch.compression();
        if (codec == null) {
            throw new InvalidBatchException(BatchError.BAD_ATTRIBUTES, batch.start(), "unknown codec");
        }
        batchStart = batch.start();
        baseOffset = batch.baseOffset();
        baseTimestamp = batch.baseTimestamp();
        useLogAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        logAppendTime = batch.maxTimestamp();
        remaining = batch.recordCount();
        int from = batch.start() + RecordBatch.RECORDS_OFFSET;
        int to = batch.start() + batch.sizeInBytes();
        if (codec == CompressionType.NONE) {
            data = batch.buffer();
            in.reset(data, from, to);
        } else {
            int size = decompress(codec, batch.buffer(), from, to);
            data = decompressed.buffer();
            in.reset(data, 0, size);
        }
        return this;
    }

    private int decompress(CompressionType codec, ByteBuffer src, int from, int to) {
        if (decompressed == null) {
            decompressed = new GrowableBuffer(Math.max(1024, (to - from) * 4));
            chunk = new byte[16 * 1024];
        }
        decompressed.clear();
        try (InputStream stream = Codecs.decompressing(codec, Codecs.inputOf(src, from, to))) {
            int n;
            while ((n = stream.read(chunk)) > 0) {
                if (decompressed.buffer().position() + n > maxDecompressedBytes) {
                    throw new InvalidBatchException(BatchError.BAD_RECORDS, batchStart,
                            "decompressed records exceed " + maxDecompressedBytes + " bytes");
                }
                decompressed.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException | SnappyError e) {
            // snappy-java reports corrupt framing (e.g. an impossible chunk size) with SnappyError,
            // an Error subclass; it is just as much a bad batch as the other codecs' IOExceptions.
            if (e instanceof InvalidBatchException ibe) {
                throw ibe;
            }
            throw new InvalidBatchException(BatchError.BAD_RECORDS, batchStart,
                    codec.configName() + " decompression failed: " + e.getMessage());
        }
        return decompressed.buffer().position();
    }

    /**
     * Advances to the next record.
     *
     * @return false when the batch has no more records
     */
    public boolean next() {
        if (remaining <= 0) {
            return false;
        }
        if (!parseRecord(in)) {
            throw new InvalidBatchException(BatchError.BAD_RECORDS, batchStart,
                    "record " + (offset - baseOffset + 1) + " cannot be parsed");
        }
        remaining--;
        return true;
    }

    private boolean parseRecord(Varints.Cursor c) {
        int length = c.readVarint();
        if (c.failed() || length < 0 || length > c.limit - c.pos) {
            return false;
        }
        int end = c.pos + length;
        int outerLimit = c.limit;
        c.limit = end;
        c.readByte();
        long timestampDelta = c.readVarlong();
        int offsetDelta = c.readVarint();
        keySize = c.readVarint();
        keyPos = c.pos;
        if (keySize >= 0) {
            c.skip(keySize);
        } else if (keySize != -1) {
            c.fail();
        }
        valueSize = c.readVarint();
        valuePos = c.pos;
        if (valueSize >= 0) {
            c.skip(valueSize);
        } else if (valueSize != -1) {
            c.fail();
        }
        headerCount = c.readVarint();
        headersPos = c.pos;
        if (headerCount < 0) {
            c.fail();
        }
        for (int i = 0; i < headerCount && !c.failed(); i++) {
            c.skip(c.readVarint());
            int hv = c.readVarint();
            if (hv >= 0) {
                c.skip(hv);
            } else if (hv != -1) {
                c.fail();
            }
        }
        boolean ok = !c.failed() && c.pos == end;
        c.limit = outerLimit;
        c.pos = end;
        offset = baseOffset + offsetDelta;
        timestamp = useLogAppendTime ? logAppendTime : baseTimestamp + timestampDelta;
        return ok;
    }

    /**
     * Checks that {@code buf[from, to)} holds exactly {@code count} well-formed records with offset
     * deltas 0..count-1. Used by batch validation; allocates one small cursor.
     */
    static boolean recordsWellFormed(ByteBuffer buf, int from, int to, int count) {
        RecordCursor rc = new RecordCursor(0);
        rc.in.reset(buf, from, to);
        rc.baseOffset = 0;
        for (int i = 0; i < count; i++) {
            if (!rc.parseRecord(rc.in) || rc.offset != i) {
                return false;
            }
        }
        return rc.in.pos == to;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    /** Key length in bytes, or -1 when the key is null. */
    public int keySize() {
        return keySize;
    }

    /** Value length in bytes, or -1 when the value is null. */
    public int valueSize() {
        return valueSize;
    }

    /** A read-only view of the key, or {@code null}. Valid until the cursor moves to another batch. */
    public ByteBuffer key() {
        return keySize < 0 ? null : data.slice(keyPos, keySize).asReadOnlyBuffer();
    }

    /** A read-only view of the value, or {@code null}. Valid until the cursor moves to another batch. */
    public ByteBuffer value() {
        return valueSize < 0 ? null : data.slice(valuePos, valueSize).asReadOnlyBuffer();
    }

    /** A copy of the key, or {@code null}. */
    public byte[] keyBytes() {
        return copy(keyPos, keySize);
    }

    /** A copy of the value, or {@code null}. */
    public byte[] valueBytes() {
        return copy(valuePos, valueSize);
    }

    public int headerCount() {
        return headerCount;
    }

    /** The headers, decoded into new objects. */
    public Header[] headers() {
        Header[] headers = new Header[headerCount];
        Varints.Cursor c = new Varints.Cursor();
        c.reset(data, headersPos, data.limit());
        for (int i = 0; i < headerCount; i++) {
            int kl = c.readVarint();
            byte[] k = copy(c.pos, kl);
            c.skip(kl);
            int vl = c.readVarint();
            byte[] v = copy(c.pos, vl);
            if (vl > 0) {
                c.skip(vl);
            }
            headers[i] = new Header(new String(k, StandardCharsets.UTF_8), v);
        }
        return headers;
    }

    /** The current record as an immutable object (copies key, value and headers). */
    public Record toRecord() {
        return new Record(offset, timestamp, keyBytes(), valueBytes(), headers());
    }

    private byte[] copy(int pos, int size) {
        if (size < 0) {
            return null;
        }
        byte[] bytes = new byte[size];
        data.get(pos, bytes, 0, size);
        return bytes;
    }
}
