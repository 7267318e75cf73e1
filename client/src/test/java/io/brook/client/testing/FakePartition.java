package io.brook.client.testing;

import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One partition's log in the fake broker: whole batches, each a private heap copy with its base
 * offset assigned on append. The high watermark follows the log end unless a test holds it back.
 * Owned by the fake cluster's event loop.
 */
final class FakePartition {

    final List<ByteBuffer> batches = new ArrayList<>();
    /** Idempotent producers' state, by producer id. */
    final Map<Long, FakeProducerState> producers = new HashMap<>();
    /** Every idempotent batch received, in arrival order. */
    final List<ProducerAttempt> attempts = new ArrayList<>();
    long logStart;
    long logEnd;
    /** -1: the high watermark is the log end. */
    long heldHighWatermark = -1;
    int leader;
    /** Raft term -> its first offset; empty: every record is of term 0. */
    final TreeMap<Integer, Long> termStarts = new TreeMap<>();

    FakePartition(int leader) {
        this.leader = leader;
    }

    long highWatermark() {
        return heldHighWatermark < 0 ? logEnd : Math.min(heldHighWatermark, logEnd);
    }

    /** Appends a copy of the batch in {@code src[from, from+size)}; returns its base offset. */
    long append(ByteBuffer copy) {
        RecordBatch b = RecordBatch.of(copy);
        long base = logEnd;
        b.setBaseOffset(base);
        batches.add(copy);
        logEnd = b.nextOffset();
        return base;
    }

    /** The batches holding offsets at or after {@code offset} and below the high watermark, up to {@code maxBytes} (at least one). */
    List<ByteBuffer> read(long offset, int maxBytes) {
        List<ByteBuffer> out = new ArrayList<>();
        long hwm = highWatermark();
        int bytes = 0;
        for (ByteBuffer b : batches) {
            RecordBatch v = RecordBatch.of(b);
            if (v.lastOffset() < offset) {
                continue;
            }
            if (v.nextOffset() > hwm) {
                break;
            }
            if (!out.isEmpty() && bytes + v.sizeInBytes() > maxBytes) {
                break;
            }
            out.add(b.duplicate());
            bytes += v.sizeInBytes();
        }
        return out;
    }

    /** The first record at or after {@code timestamp} below the high watermark: {offset, timestamp}, or null. */
    long[] offsetForTime(long timestamp) {
        long hwm = highWatermark();
        for (ByteBuffer b : batches) {
            RecordBatch v = RecordBatch.of(b);
            if (v.maxTimestamp() < timestamp || v.baseOffset() < logStart) {
                continue;
            }
            RecordCursor c = v.records();
            while (c.next()) {
                if (c.offset() >= hwm) {
                    return null;
                }
                if (c.timestamp() >= timestamp) {
                    return new long[] {c.offset(), c.timestamp()};
                }
            }
        }
        return null;
    }

    /** Deletes the batches entirely below {@code newStart} (retention). */
    void truncateHead(long newStart) {
        batches.removeIf(b -> RecordBatch.of(b).nextOffset() <= newStart);
        logStart = newStart;
    }

    long sizeBytes() {
        long n = 0;
        for (ByteBuffer b : batches) {
            n += b.remaining();
        }
        return n;
    }

    /**
     * The end of {@code term} as the broker answers it: {term found, end offset} of the largest term
     * at or below it, or {-1, log start} when there is none.
     */
    long[] endOfTerm(int term) {
        if (termStarts.isEmpty()) {
            return new long[] {0, logEnd};
        }
        Map.Entry<Integer, Long> floor = termStarts.floorEntry(term);
        if (floor == null) {
            return new long[] {-1, logStart};
        }
        Map.Entry<Integer, Long> next = termStarts.higherEntry(floor.getKey());
        return new long[] {floor.getKey(), next == null ? logEnd : next.getValue()};
    }
}
