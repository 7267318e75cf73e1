package io.brook.storage.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from offset to file position within one segment ({@code <baseOffset>.index}).
 *
 * <p>Entry (8 bytes, big-endian): base offset of a batch relative to the segment's base offset
 * (int32), then the batch's byte position in the segment file (int32). An entry is added for the
 * first batch written after every {@code indexIntervalBytes} bytes, so a lookup lands at most that
 * many bytes before the batch it looks for. Both fields strictly increase. File layout, writing and
 * recovery: see {@link IndexFile}. Thread safety: as {@link IndexFile}.
 */
final class OffsetIndex {

    static final int MAGIC = 0x424f4958; // "BOIX"
    static final int ENTRY_SIZE = 8;

    private final long baseOffset;
    private final IndexFile file;

    private OffsetIndex(long baseOffset, IndexFile file) {
        this.baseOffset = baseOffset;
        this.file = file;
    }

    static OffsetIndex create(Path path, long baseOffset) {
        return new OffsetIndex(baseOffset, new IndexFile(path, MAGIC, ENTRY_SIZE, baseOffset));
    }

    /** @return the index in {@code path}, or {@code null} when it is missing or malformed */
    static OffsetIndex load(Path path, long baseOffset) {
        IndexFile f = IndexFile.load(path, MAGIC, ENTRY_SIZE, baseOffset);
        return f == null ? null : new OffsetIndex(baseOffset, f);
    }

    IndexFile file() {
        return file;
    }

    int entries() {
        return file.count();
    }

    void append(long offset, int position) {
        ByteBuffer slot = file.slotForAppend();
        int at = file.count() * ENTRY_SIZE;
        slot.putInt(at, (int) (offset - baseOffset));
        slot.putInt(at + 4, position);
        file.publish();
    }

    /**
     * @return the position of the last indexed batch whose base offset is at most {@code offset},
     *     or -1 when every indexed batch starts after it
     */
    int floorPosition(long offset) {
        IndexFile.View v = file.view();
        long rel = offset - baseOffset;
        int lo = 0;
        int hi = v.count() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v.entries().getInt(mid * ENTRY_SIZE) <= rel) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? -1 : v.entries().getInt(found * ENTRY_SIZE + 4);
    }

    /**
     * @return the last entry whose position is at most {@code position}, packed as
     *     {@code relativeOffset << 32 | position}, or -1 when there is none
     */
    long floorEntryByPosition(int position) {
        IndexFile.View v = file.view();
        int lo = 0;
        int hi = v.count() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v.entries().getInt(mid * ENTRY_SIZE + 4) <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1L;
        }
        return ((long) v.entries().getInt(found * ENTRY_SIZE) << 32) | (v.entries().getInt(found * ENTRY_SIZE + 4) & 0xffffffffL);
    }

    /** Position of the last entry, or -1 when empty. */
    int lastPosition() {
        IndexFile.View v = file.view();
        return v.count() == 0 ? -1 : v.entries().getInt((v.count() - 1) * ENTRY_SIZE + 4);
    }

    /**
     * Recovery check of a loaded index: offsets and positions strictly increase, every position lies
     * inside the file and after its header.
     */
    boolean isConsistent(long fileSize) {
        IndexFile.View v = file.view();
        int prevRel = -1;
        int prevPos = SegmentFile.HEADER_SIZE - 1;
        for (int i = 0; i < v.count(); i++) {
            int rel = v.entries().getInt(i * ENTRY_SIZE);
            int pos = v.entries().getInt(i * ENTRY_SIZE + 4);
            if (rel <= prevRel || pos <= prevPos || pos >= fileSize) {
                return false;
            }
            prevRel = rel;
            prevPos = pos;
        }
        return true;
    }
}
