package io.brook.storage.property;

import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the log must contain: every batch appended and not truncated or retired, with the bytes as
 * stored (offsets and term assigned), and the offset below which everything was flushed.
 */
final class LogModel {

    /** One stored batch: its bytes as written (base offset and term filled in). */
    record Batch(long baseOffset, long lastOffset, int term, byte[] bytes) {
        long maxTimestamp() {
            return RecordBatch.of(ByteBuffer.wrap(bytes)).maxTimestamp();
        }
    }

    final List<Batch> batches = new ArrayList<>();
    long logStart;
    long logEnd;
    long flushed;

    void append(ByteBuffer stored) {
        for (int p = stored.position(); p < stored.limit(); ) {
            RecordBatch b = new RecordBatch().wrap(stored, p);
            byte[] bytes = new byte[b.sizeInBytes()];
            stored.get(p, bytes);
            batches.add(new Batch(b.baseOffset(), b.lastOffset(), b.partitionLeaderEpoch(), bytes));
            logEnd = b.nextOffset();
            p += b.sizeInBytes();
        }
    }

    /** Removes batches containing offsets at or above {@code offset}; returns the new end. */
    long truncateTo(long offset) {
        while (!batches.isEmpty() && batches.get(batches.size() - 1).lastOffset() >= offset) {
            batches.remove(batches.size() - 1);
        }
        logEnd = batches.isEmpty() ? logStart : batches.get(batches.size() - 1).lastOffset() + 1;
        if (offset <= logStart) {
            logStart = offset;
            logEnd = offset;
        }
        flushed = Math.min(flushed, logEnd);
        return logEnd;
    }

    void startAt(long offset) {
        batches.clear();
        logStart = offset;
        logEnd = offset;
        flushed = offset;
    }

    /** Drops batches below a new log start, which must be a batch boundary. */
    boolean retireBelow(long newStart) {
        while (!batches.isEmpty() && batches.get(0).baseOffset() < newStart) {
            if (batches.get(0).lastOffset() >= newStart) {
                return false;
            }
            batches.remove(0);
        }
        logStart = newStart;
        return batches.isEmpty() ? newStart == logEnd || newStart <= logEnd : batches.get(0).baseOffset() == newStart;
    }

    int lastTerm() {
        return batches.isEmpty() ? -1 : batches.get(batches.size() - 1).term();
    }

    Batch batchContaining(long offset) {
        int lo = 0;
        int hi = batches.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Batch b = batches.get(mid);
            if (b.lastOffset() < offset) {
                lo = mid + 1;
            } else if (b.baseOffset() > offset) {
                hi = mid - 1;
            } else {
                return b;
            }
        }
        return null;
    }

    /** Brute force: first record (offset order) with timestamp >= ts and offset < bound, as {offset, ts}; null if none. */
    long[] firstAtOrAfter(long ts, long bound) {
        for (Batch b : batches) {
            if (b.baseOffset() >= bound) {
                break;
            }
            if (b.maxTimestamp() < ts) {
                continue;
            }
            RecordCursor c = RecordBatch.of(ByteBuffer.wrap(b.bytes())).records();
            while (c.next()) {
                if (c.offset() >= bound) {
                    return null;
                }
                if (c.timestamp() >= ts) {
                    return new long[] {c.offset(), c.timestamp()};
                }
            }
        }
        return null;
    }
}
