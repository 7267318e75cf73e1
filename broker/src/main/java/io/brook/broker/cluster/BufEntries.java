package io.brook.broker.cluster;

import io.brook.protocol.record.RecordBatch;
import io.brook.replication.raft.Entries;
import io.netty.buffer.ByteBuf;
import io.brook.replication.raft.Membership;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batches received in an AppendEntries message: a retained slice of the frame payload with the
 * positions, offsets and terms of its batches read from their headers. Only header fields are
 * trusted here; the log validates every batch (CRC included) when the follower appends it.
 */
public final class BufEntries implements Entries {

    private final ByteBuf buf;
    private final int[] positions;
    private final long[] bases;
    private final long[] lasts;
    private final int[] terms;
    private final AtomicBoolean released = new AtomicBoolean();

    private BufEntries(ByteBuf buf, int[] positions, long[] bases, long[] lasts, int[] terms) {
        this.buf = buf;
        this.positions = positions;
        this.bases = bases;
        this.lasts = lasts;
        this.terms = terms;
    }

    /**
     * Reads the batch headers of {@code buf} (readable bytes), taking ownership of it.
     *
     * @throws IllegalArgumentException when the bytes are not whole batches (buf is released)
     */
    public static BufEntries parse(ByteBuf buf) {
        int count = 0;
        int from = buf.readerIndex();
        int to = buf.writerIndex();
        for (int p = from; p < to; ) {
            if (to - p < RecordBatch.HEADER_SIZE) {
                buf.release();
                throw new IllegalArgumentException("truncated batch at byte " + (p - from));
            }
            int size = RecordBatch.LOG_OVERHEAD + buf.getInt(p + RecordBatch.LENGTH_OFFSET);
            if (size < RecordBatch.HEADER_SIZE || size > to - p) {
                buf.release();
                throw new IllegalArgumentException("impossible batch length at byte " + (p - from));
            }
            p += size;
            count++;
        }
        int[] positions = new int[count];
        long[] bases = new long[count];
        long[] lasts = new long[count];
        int[] terms = new int[count];
        int i = 0;
        for (int p = from; p < to; i++) {
            positions[i] = p;
            bases[i] = buf.getLong(p + RecordBatch.BASE_OFFSET_OFFSET);
            lasts[i] = bases[i] + buf.getInt(p + RecordBatch.LAST_OFFSET_DELTA_OFFSET);
            terms[i] = buf.getInt(p + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET);
            p += RecordBatch.LOG_OVERHEAD + buf.getInt(p + RecordBatch.LENGTH_OFFSET);
        }
        return new BufEntries(buf, positions, bases, lasts, terms);
    }

    /** The bytes of batches {@code from} to the end, as a buffer the log can append (no copy when possible). */
    public ByteBuffer bytesFrom(int from) {
        int start = positions[from];
        int length = buf.writerIndex() - start;
        if (buf.nioBufferCount() == 1) {
            return buf.nioBuffer(start, length);
        }
        ByteBuffer copy = ByteBuffer.allocate(length);
        buf.getBytes(start, copy);
        return copy.flip();
    }

    @Override
    public int batchCount() {
        return positions.length;
    }

    @Override
    public long baseOffset(int batch) {
        return bases[batch];
    }

    @Override
    public long lastOffset(int batch) {
        return lasts[batch];
    }

    @Override
    public int term(int batch) {
        return terms[batch];
    }

    @Override
    public Membership membership(int batch) {
        int p = positions[batch];
        if ((buf.getShort(p + RecordBatch.ATTRIBUTES_OFFSET) & RecordBatch.CONTROL_MASK) == 0) {
            return null;
        }
        int size = RecordBatch.LOG_OVERHEAD + buf.getInt(p + RecordBatch.LENGTH_OFFSET);
        ByteBuffer copy = ByteBuffer.allocate(size);
        buf.getBytes(p, copy);
        // a damaged configuration batch is refused by the log's CRC check when appended; read as none here
        try {
            return MembershipBatch.parse(RecordBatch.of(copy.flip()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public int sizeInBytes() {
        return buf.writerIndex() - buf.readerIndex();
    }

    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            buf.release();
        }
    }
}
