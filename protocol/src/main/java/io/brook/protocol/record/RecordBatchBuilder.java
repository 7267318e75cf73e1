package io.brook.protocol.record;

import static io.brook.protocol.record.RecordBatch.HEADER_SIZE;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Writes one record batch at a time in the layout described by {@link RecordBatch}.
 *
 * <p>Records are encoded straight into a reusable buffer: appending allocates nothing once the
 * buffer has grown to the working size. With a codec, the records are encoded uncompressed and
 * compressed as a whole by {@link #build()}. After {@link #build()} the builder can be
 * {@link #reset()} and reused; the buffer returned by {@code build()} is only valid until then.
 *
 * <p>Not thread-safe: one builder belongs to one thread at a time.
 */
public final class RecordBatchBuilder {

    private static final Header[] NO_HEADERS = new Header[0];

    private final CompressionType compression;
    private final GrowableBuffer out;
    private GrowableBuffer compressed;

    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;

    private int count;
    private long baseTimestamp;
    private long maxTimestamp;
    private boolean built;

    /**
     * @param initialCapacity bytes to reserve up front; the buffer grows past it when needed
     */
    public RecordBatchBuilder(CompressionType compression, int initialCapacity) {
        this.compression = compression;
        this.out = new GrowableBuffer(Math.max(initialCapacity, HEADER_SIZE + 64));
        reset();
    }

    public CompressionType compression() {
        return compression;
    }

    public RecordBatchBuilder baseOffset(long baseOffset) {
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    public RecordBatchBuilder timestampType(TimestampType type) {
        this.timestampType = type;
        return this;
    }

    /** Idempotence fields: producer id, its epoch and the sequence number of the first record. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as a control batch (attributes bit 5): log bookkeeping that consumers skip. */
    public RecordBatchBuilder control(boolean control) {
        this.control = control;
        return this;
    }

    /** Empties the builder for the next batch; keeps its buffers and header settings. */
    public void reset() {
        out.clear();
        out.buffer().position(HEADER_SIZE);
        count = 0;
        baseTimestamp = 0;
        maxTimestamp = Long.MIN_VALUE;
        built = false;
    }

    public int recordCount() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Size of the batch if it were built now, before compression. */
    public int uncompressedSizeInBytes() {
        return out.buffer().position();
    }

    /** An upper bound on the bytes one record with these sizes adds to a batch (before compression). */
    public static int recordSizeUpperBound(int keySize, int valueSize, Header[] headers) {
        int body = 1 + 10 + 5 + 5 + Math.max(keySize, 0) + 5 + Math.max(valueSize, 0) + 5;
        if (headers != null) {
            for (Header h : headers) {
                body += 5 + h.keyUtf8().length + 5 + (h.value() == null ? 0 : h.value().length);
            }
        }
        return 5 + body;
    }

    public int append(long timestamp, byte[] key, byte[] value) {
        return append(timestamp, key, value, NO_HEADERS);
    }

    /**
     * Appends a record. {@code key} and {@code value} may be {@code null}.
     *
     * @return the record's offset delta within the batch
     */
    public int append(long timestamp, byte[] key, byte[] value, Header[] headers) {
        return append(timestamp,
                key == null ? -1 : key.length, key, null,
                value == null ? -1 : value.length, value, null,
                headers == null ? NO_HEADERS : headers);
    }

    /**
     * Appends a record whose key and value are the remaining bytes of the given buffers (which
     * are not consumed). Either may be {@code null}.
     *
     * @return the record's offset delta within the batch
     */
    public int append(long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        return append(timestamp,
                key == null ? -1 : key.remaining(), null, key,
                value == null ? -1 : value.remaining(), null, value,
                headers == null ? NO_HEADERS : headers);
    }

    private int append(long timestamp, int keySize, byte[] keyArray, ByteBuffer keyBuf,
                       int valueSize, byte[] valueArray, ByteBuffer valueBuf, Header[] headers) {
        if (built) {
            throw new IllegalStateException("batch already built; call reset() first");
        }
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        int offsetDelta = count;
        long timestampDelta = timestamp - baseTimestamp;

        int bodySize = 1 + Varints.sizeOfVarlong(timestampDelta) + Varints.sizeOfVarint(offsetDelta)
                + Varints.sizeOfVarint(keySize) + Math.max(keySize, 0)
                + Varints.sizeOfVarint(valueSize) + Math.max(valueSize, 0)
                + Varints.sizeOfVarint(headers.length);
        for (Header h : headers) {
            byte[] hk = h.keyUtf8();
            byte[] hv = h.value();
            int hvSize = hv == null ? -1 : hv.length;
            bodySize += Varints.sizeOfVarint(hk.length) + hk.length + Varints.sizeOfVarint(hvSize) + Math.max(hvSize, 0);
        }
        out.ensureRemaining(Varints.sizeOfVarint(bodySize) + bodySize);
        ByteBuffer b = out.buffer();
        Varints.writeVarint(bodySize, b);
        b.put((byte) 0);
        Varints.writeVarlong(timestampDelta, b);
        Varints.writeVarint(offsetDelta, b);
        Varints.writeVarint(keySize, b);
        if (keyArray != null) {
            b.put(keyArray);
        } else if (keyBuf != null) {
            b.put(keyBuf.duplicate());
        }
        Varints.writeVarint(valueSize, b);
        if (valueArray != null) {
            b.put(valueArray);
        } else if (valueBuf != null) {
            b.put(valueBuf.duplicate());
        }
        Varints.writeVarint(headers.length, b);
        for (Header h : headers) {
            byte[] hk = h.keyUtf8();
            byte[] hv = h.value();
            Varints.writeVarint(hk.length, b);
            b.put(hk);
            if (hv == null) {
                Varints.writeVarint(-1, b);
            } else {
                Varints.writeVarint(hv.length, b);
                b.put(hv);
            }
        }
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        count++;
        return offsetDelta;
    }

    /**
     * Finishes the batch: compresses the records if a codec is set, writes the header and the
     * CRC32C.
     *
     * @return a buffer whose position..limit is exactly the batch; valid until {@link #reset()}
     * @throws IllegalStateException when no record was appended
     */
    public ByteBuffer build() {
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        ByteBuffer batch;
        if (compression == CompressionType.NONE) {
            batch = out.buffer();
        } else {
            if (compressed == null) {
                compressed = new GrowableBuffer(out.buffer().capacity() / 2);
            }
            compressed.clear();
            compressed.buffer().position(HEADER_SIZE);
            ByteBuffer raw = out.buffer();
            try (OutputStream codec = Codecs.compressing(compression, compressed)) {
                codec.write(raw.array(), raw.arrayOffset() + HEADER_SIZE, raw.position() - HEADER_SIZE);
            } catch (IOException e) {
                throw new UncheckedIOException("compression with " + compression.configName() + " failed", e);
            }
            batch = compressed.buffer();
        }
        int size = batch.position();
        int attributes = compression.id()
                | (timestampType == TimestampType.LOG_APPEND_TIME ? RecordBatch.TIMESTAMP_TYPE_MASK : 0)
                | (transactional ? RecordBatch.TRANSACTIONAL_MASK : 0)
                | (control ? RecordBatch.CONTROL_MASK : 0);
        batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        batch.putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        batch.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        batch.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
        batch.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        batch.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        batch.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        batch.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        batch.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        batch.putInt(RecordBatch.RECORD_COUNT_OFFSET, count);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.crcOf(batch, 0, size));
        built = true;
        ByteBuffer result = batch.duplicate();
        result.position(0).limit(size);
        return result;
    }
}
