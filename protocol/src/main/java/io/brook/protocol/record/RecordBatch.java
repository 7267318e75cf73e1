package io.brook.protocol.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A read-only view of one record batch in a buffer: Kafka's RecordBatch v2 layout (magic 2),
 * implemented from its public specification. All multi-byte fields are big-endian.
 *
 * <table>
 * <caption>Batch header (61 bytes), then the records section</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th><th>Meaning</th></tr>
 * <tr><td>0</td><td>baseOffset</td><td>int64</td><td>offset of the first record; set by the leader on append</td></tr>
 * <tr><td>8</td><td>batchLength</td><td>int32</td><td>bytes that follow this field (batch size - 12)</td></tr>
 * <tr><td>12</td><td>partitionLeaderEpoch</td><td>int32</td><td>Brook: the Raft term of the leader that appended it</td></tr>
 * <tr><td>16</td><td>magic</td><td>int8</td><td>always 2</td></tr>
 * <tr><td>17</td><td>crc</td><td>uint32</td><td>CRC32C (Castagnoli) of bytes 21..end</td></tr>
 * <tr><td>21</td><td>attributes</td><td>int16</td><td>bits 0-2 codec ({@link CompressionType}), bit 3 timestamp type,
 *     bit 4 transactional, bit 5 control, bit 6 has delete horizon</td></tr>
 * <tr><td>23</td><td>lastOffsetDelta</td><td>int32</td><td>offset of the last record minus baseOffset</td></tr>
 * <tr><td>27</td><td>baseTimestamp</td><td>int64</td><td>timestamp of the first record (ms)</td></tr>
 * <tr><td>35</td><td>maxTimestamp</td><td>int64</td><td>largest record timestamp (ms)</td></tr>
 * <tr><td>43</td><td>producerId</td><td>int64</td><td>-1 when not idempotent</td></tr>
 * <tr><td>51</td><td>producerEpoch</td><td>int16</td><td>-1 when not idempotent</td></tr>
 * <tr><td>53</td><td>baseSequence</td><td>int32</td><td>-1 when not idempotent</td></tr>
 * <tr><td>57</td><td>recordCount</td><td>int32</td><td>number of records</td></tr>
 * <tr><td>61</td><td>records</td><td>bytes</td><td>the records, compressed as a whole by the codec</td></tr>
 * </table>
 *
 * <table>
 * <caption>Record (inside the possibly compressed records section); varints are zig-zag</caption>
 * <tr><th>Field</th><th>Type</th></tr>
 * <tr><td>length (of the rest of the record)</td><td>varint</td></tr>
 * <tr><td>attributes (unused, 0)</td><td>int8</td></tr>
 * <tr><td>timestampDelta (from baseTimestamp)</td><td>varlong</td></tr>
 * <tr><td>offsetDelta (from baseOffset)</td><td>varint</td></tr>
 * <tr><td>keyLength (-1 = null), key</td><td>varint, bytes</td></tr>
 * <tr><td>valueLength (-1 = null), value</td><td>varint, bytes</td></tr>
 * <tr><td>headerCount, then per header: keyLength, key (UTF-8), valueLength (-1 = null), value</td><td>varints and bytes</td></tr>
 * </table>
 *
 * <p>The CRC does not cover baseOffset, batchLength or partitionLeaderEpoch, so a leader assigns
 * offsets and its term in place without recomputing it. Golden files of this layout live in
 * {@code protocol/src/test/resources/golden}. See also {@code docs/formats.md}.
 *
 * <p>Thread safety: a view is a mutable flyweight owned by one thread; the underlying buffer is
 * only read with absolute indexes, so many views may share a buffer. {@link #setBaseOffset} and
 * {@link #setPartitionLeaderEpoch} write to it and are for the buffer's owner only.
 */
public final class RecordBatch {

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORD_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** Size of the batch header: the smallest possible batch. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** Bytes before the length field's coverage starts: baseOffset and batchLength. */
    public static final int LOG_OVERHEAD = 12;
    public static final byte MAGIC = 2;

    public static final int COMPRESSION_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_MASK = 0x10;
    public static final int CONTROL_MASK = 0x20;
    public static final int DELETE_HORIZON_MASK = 0x40;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    private ByteBuffer buf;
    private int start;

    /** An empty view; call {@link #wrap} before use. */
    public RecordBatch() {}

    /** A view of the batch that starts at {@code buf.position()}. */
    public static RecordBatch of(ByteBuffer buf) {
        return new RecordBatch().wrap(buf, buf.position());
    }

    /**
     * Points this view at the batch starting at absolute index {@code start}. No bytes are read or
     * copied; call {@link #validate} first when the bytes are untrusted.
     */
    public RecordBatch wrap(ByteBuffer buf, int start) {
        if (buf.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("record batches are big-endian");
        }
        this.buf = buf;
        this.start = start;
        return this;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** Absolute index of the batch's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    public long baseOffset() {
        return buf.getLong(start + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buf.getInt(start + LENGTH_OFFSET);
    }

    /** Total bytes of the batch, header included. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    /** The Raft term of the leader that appended this batch ({@code partitionLeaderEpoch}). */
    public int partitionLeaderEpoch() {
        return buf.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buf.get(start + MAGIC_OFFSET);
    }

    /** The stored CRC32C, as an unsigned value. */
    public long crc() {
        return buf.getInt(start + CRC_OFFSET) & 0xffffffffL;
    }

    public short attributes() {
        return buf.getShort(start + ATTRIBUTES_OFFSET);
    }

    /** @return the codec, or {@code null} when the attributes name an unknown one */
    public CompressionType compression() {
        return CompressionType.forId(attributes() & COMPRESSION_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buf.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buf.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    public int recordCount() {
        return buf.getInt(start + RECORD_COUNT_OFFSET);
    }

    /** Sets the base offset in place. Not covered by the CRC. */
    public void setBaseOffset(long baseOffset) {
        buf.putLong(start + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Sets the term in place. Not covered by the CRC. */
    public void setPartitionLeaderEpoch(int epoch) {
        buf.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /** Computes the CRC32C over attributes..end, as stored at offset 17. */
    public long computeCrc() {
        return crcOf(buf, start, sizeInBytes());
    }

    public boolean isCrcValid() {
        return computeCrc() == crc();
    }

    /** A cursor over this batch's records (decompressing them if needed). */
    public RecordCursor records() {
        return new RecordCursor().reset(this);
    }

    static long crcOf(ByteBuffer buf, int batchStart, int batchSize) {
        CRC32C crc = new CRC32C();
        ByteBuffer region = buf.duplicate();
        region.limit(batchStart + batchSize).position(batchStart + ATTRIBUTES_OFFSET);
        crc.update(region);
        return crc.getValue();
    }

    /**
     * Checks the batch that starts at absolute index {@code start} without trusting any of its
     * fields: lengths, magic, codec, record count ({@link #validateHeader}), then the CRC; with
     * {@code deep}, also that an uncompressed records section parses into exactly
     * {@code recordCount} records with offset deltas 0..n-1. Never throws for malformed bytes.
     *
     * @param limit absolute index after the last byte that may belong to the batch
     * @param maxBatchSize the largest acceptable batch, in bytes
     */
    public static BatchError validate(ByteBuffer buf, int start, int limit, int maxBatchSize, boolean deep) {
        BatchError header = validateHeader(buf, start, limit - start, maxBatchSize);
        if (header != BatchError.NONE) {
            return header;
        }
        int size = LOG_OVERHEAD + buf.getInt(start + LENGTH_OFFSET);
        if (crcOf(buf, start, size) != (buf.getInt(start + CRC_OFFSET) & 0xffffffffL)) {
            return BatchError.BAD_CRC;
        }
        if (deep && (buf.getShort(start + ATTRIBUTES_OFFSET) & COMPRESSION_MASK) == 0
                && !RecordCursor.recordsWellFormed(buf, start + RECORDS_OFFSET, start + size, buf.getInt(start + RECORD_COUNT_OFFSET))) {
            return BatchError.BAD_RECORDS;
        }
        return BatchError.NONE;
    }

    /**
     * Checks everything but the CRC and the records, from the header alone: for callers that
     * stream the CRC over a batch too large to hold (recovery of big segments).
     *
     * @param buf holds at least {@code min(available, HEADER_SIZE)} bytes from {@code start}
     * @param available bytes that may belong to the batch (in the buffer or the file)
     */
    public static BatchError validateHeader(ByteBuffer buf, int start, long available, int maxBatchSize) {
        if (available < LOG_OVERHEAD) {
            return BatchError.TRUNCATED;
        }
        int length = buf.getInt(start + LENGTH_OFFSET);
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            return BatchError.BAD_LENGTH;
        }
        long size = (long) length + LOG_OVERHEAD;
        if (size > maxBatchSize) {
            return BatchError.TOO_LARGE;
        }
        if (available < HEADER_SIZE) {
            return BatchError.TRUNCATED;
        }
        if (buf.get(start + MAGIC_OFFSET) != MAGIC) {
            return BatchError.BAD_MAGIC;
        }
        if (size > available) {
            return BatchError.TRUNCATED;
        }
        short attributes = buf.getShort(start + ATTRIBUTES_OFFSET);
        if (CompressionType.forId(attributes & COMPRESSION_MASK) == null || (attributes & ~0x7f) != 0) {
            return BatchError.BAD_ATTRIBUTES;
        }
        int count = buf.getInt(start + RECORD_COUNT_OFFSET);
        if (count <= 0 || buf.getInt(start + LAST_OFFSET_DELTA_OFFSET) != count - 1) {
            return BatchError.BAD_RECORD_COUNT;
        }
        return BatchError.NONE;
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size="
                + sizeInBytes() + ", term=" + partitionLeaderEpoch() + ", records=" + recordCount()
                + ", codec=" + compression() + ")";
    }
}
