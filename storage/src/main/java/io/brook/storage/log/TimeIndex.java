package io.brook.storage.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from timestamp to offset within one segment ({@code <baseOffset>.timeindex}).
 *
 * <p>Entry (12 bytes, big-endian): the largest record timestamp seen in the segment so far (int64),
 * then the offset, relative to the segment's base offset, of the first batch that reached it
 * (int32). Entries are added alongside offset index entries when the largest timestamp grew, and
 * once more when the segment is sealed, so the last entry holds the segment's largest timestamp.
 * Timestamps strictly increase; offsets increase. Every batch before an entry's offset has a
 * largest timestamp below the entry's timestamp. File layout, writing and recovery: see
 * {@link IndexFile}. Thread safety: as {@link IndexFile}.
 */
final class TimeIndex {

    static final int MAGIC = 0x42544958; // "BTIX"
    static final int ENTRY_SIZE = 12;

    private final long baseOffset;
    private final IndexFile file;

    private TimeIndex(long baseOffset, IndexFile file) {
        this.baseOffset = baseOffset;
        this.file = file;
    }

    static TimeIndex create(Path path, long baseOffset) {
        return new TimeIndex(baseOffset, new IndexFile(path, MAGIC, ENTRY_SIZE, baseOffset));
    }

    /** @return the index in {@code path}, or {@code null} when it is missing or malformed */
    static TimeIndex load(Path path, long baseOffset) {
        IndexFile f = IndexFile.load(path, MAGIC, ENTRY_SIZE, baseOffset);
        return f == null ? null : new TimeIndex(baseOffset, f);
    }

    IndexFile file() {
        return file;
    }

    int entries() {
        return file.count();
    }

    /** Adds an entry when {@code timestamp} is larger than the last one. */
    void maybeAppend(long timestamp, long offset) {
        if (file.count() > 0 && timestamp <= lastTimestamp()) {
            return;
        }
        ByteBuffer slot = file.slotForAppend();
        int at = file.count() * ENTRY_SIZE;
        slot.putLong(at, timestamp);
        slot.putInt(at + 8, (int) (offset - baseOffset));
        file.publish();
    }

    /** The largest timestamp indexed, or {@link Long#MIN_VALUE} when empty. */
    long lastTimestamp() {
        IndexFile.View v = file.view();
        return v.count() == 0 ? Long.MIN_VALUE : v.entries().getLong((v.count() - 1) * ENTRY_SIZE);
    }

    /** The offset of the last entry, or -1 when empty. */
    long lastOffset() {
        IndexFile.View v = file.view();
        return v.count() == 0 ? -1 : baseOffset + v.entries().getInt((v.count() - 1) * ENTRY_SIZE + 8);
    }

    /**
     * @return an offset from which a scan for the first batch with a timestamp at or after
     *     {@code timestamp} may start: the offset of the last entry whose timestamp is below it, or
     *     the segment's base offset
     */
    long scanStartFor(long timestamp) {
        IndexFile.View v = file.view();
        int lo = 0;
        int hi = v.count() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v.entries().getLong(mid * ENTRY_SIZE) < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? baseOffset : baseOffset + v.entries().getInt(found * ENTRY_SIZE + 8);
    }

    /** Recovery check: timestamps strictly increase, offsets do not decrease and stay below {@code nextOffset}. */
    boolean isConsistent(long nextOffset) {
        IndexFile.View v = file.view();
        long prevTs = Long.MIN_VALUE;
        int prevRel = 0;
        for (int i = 0; i < v.count(); i++) {
            long ts = v.entries().getLong(i * ENTRY_SIZE);
            int rel = v.entries().getInt(i * ENTRY_SIZE + 8);
            if ((i > 0 && ts <= prevTs) || rel < prevRel || baseOffset + rel >= nextOffset) {
                return false;
            }
            prevTs = ts;
            prevRel = rel;
        }
        return true;
    }
}
