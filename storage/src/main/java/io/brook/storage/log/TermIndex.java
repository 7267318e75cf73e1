package io.brook.storage.log;

import io.brook.storage.ChecksummedFile;
import io.brook.storage.DamagedFileException;
import io.brook.storage.PartitionLog;
import io.brook.storage.TermOffset;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each Raft term starts in the log: a list of (term, start offset) with both strictly
 * increasing, like Kafka's leader-epoch cache. Answers {@link PartitionLog#termAt} and
 * {@link PartitionLog#endOffsetForTerm} without reading segments.
 *
 * <p>It also remembers the term of the last batch before the log start (retired by retention, or
 * named by a leader that reset the log): Raft's log matching at the start of the log needs it.
 *
 * <p>Persisted in the checkpoint file {@code term-index} (a {@link ChecksummedFile}, magic
 * {@code BTRM}, version 1); payload:
 * entry count (int32), then per entry term (int32) and start offset (int64), then the term before
 * the log start (int32; absent in files written before it existed, read as unknown). The file is rewritten
 * when segments roll, on truncation and on close, durably; before a batch of a new term is appended it is
 * rewritten unsynced and synced before the log's next flush, so that every term of a flushed batch is
 * in the durable file. A new log has no file until its first roll, truncation or clean close: recovery
 * scans such a log whole (it has one segment and no recovery point beyond its start) and derives every
 * term from the batches, so its first elections cost no file writes. It always covers at least everything below the recovery point; recovery drops entries at or after the point where it starts scanning and
 * re-derives them from the batches it reads. A missing or damaged file (the latter logged as a
 * warning) makes recovery scan the whole log and rebuild the index from the batches' terms.
 *
 * <p>Thread safety: owned by the log's writer thread.
 */
final class TermIndex {

    private static final Logger LOG = LoggerFactory.getLogger(TermIndex.class);

    static final int MAGIC = 0x4254524d; // "BTRM"
    static final short VERSION = 1;

    private final ChecksummedFile file;
    private int[] terms = new int[8];
    private long[] starts = new long[8];
    private int count;
    private int termBeforeStart = PartitionLog.NO_TERM;
    private boolean dirty;
    /** Written by {@link #writeIfDirty()} and not synced since. */
    private boolean unsynced;
    /**
     * The file exists (it was found, damaged or not, or written). Until then {@link #writeIfDirty()} does
     * not write it: recovery without the file rebuilds the index from every batch of the log, as it
     * must scan all of a log that never had a file anyway (no segment rolled, no clean close).
     */
    private boolean onDisk;

    TermIndex(Path dir) {
        this.file = new ChecksummedFile(dir.resolve("term-index"), MAGIC, VERSION);
    }

    /**
     * Loads the file.
     *
     * @return false when it is missing or damaged (the index is then empty; damage is logged)
     */
    boolean load() {
        count = 0;
        Optional<ChecksummedFile.Content> content;
        try {
            content = file.read();
        } catch (DamagedFileException e) {
            onDisk = true;
            LOG.warn("{}; recovery rebuilds it from the whole log (nothing is lost, it takes longer)", e.getMessage());
            return false;
        }
        onDisk = content.isPresent();
        if (content.isEmpty()) {
            return false;
        }
        ByteBuffer b = content.get().payload();
        int n = b.remaining() < 4 ? -1 : b.getInt();
        if (n < 0 || (b.remaining() != n * 12 && b.remaining() != n * 12 + 4)) {
            return damagedPayload("its payload does not hold the entry count it announces");
        }
        termBeforeStart = PartitionLog.NO_TERM;
        for (int i = 0; i < n; i++) {
            int term = b.getInt();
            long start = b.getLong();
            if (count > 0 && (term <= terms[count - 1] || start <= starts[count - 1])) {
                count = 0;
                return damagedPayload("its entries are not strictly increasing");
            }
            add(term, start);
        }
        if (b.remaining() == 4) {
            termBeforeStart = b.getInt();
        }
        dirty = false;
        return true;
    }

    private boolean damagedPayload(String what) {
        LOG.warn("{} is damaged: {}; recovery rebuilds it from the whole log (nothing is lost, it takes longer)",
                file.path(), what);
        return false;
    }

    /** Writes the file durably if it changed, or syncs an unsynced write of it. */
    void persistIfDirty() {
        if (dirty) {
            file.write(payload());
            dirty = false;
            unsynced = false;
            onDisk = true;
        } else {
            syncIfWritten();
        }
    }

    /**
     * Writes the file if it changed, without syncing it: before a batch of a new term is appended, so
     * that the file on disk names every term of the log's batches after a process crash; a power failure
     * can only lose it together with batches that were not flushed ({@link #syncIfWritten()} runs before
     * every flush of the log). Not while there is no file (see {@link #onDisk}): a new log's first
     * terms cost no file writes and fsyncs until its first roll or close.
     */
    void writeIfDirty() {
        if (dirty && onDisk) {
            file.writeUnsynced(payload());
            dirty = false;
            unsynced = true;
        }
    }

    /** Syncs what {@link #writeIfDirty()} wrote, if anything. */
    void syncIfWritten() {
        if (unsynced) {
            file.sync();
            unsynced = false;
        }
    }

    private ByteBuffer payload() {
        ByteBuffer b = ByteBuffer.allocate(4 + count * 12 + 4);
        b.putInt(count);
        for (int i = 0; i < count; i++) {
            b.putInt(terms[i]).putLong(starts[i]);
        }
        b.putInt(termBeforeStart);
        return b.flip();
    }

    /**
     * Records that a batch of {@code term} starts at {@code offset}.
     *
     * @throws IllegalArgumentException when the term is lower than the last one
     */
    void assign(int term, long offset) {
        if (count > 0) {
            if (term == terms[count - 1]) {
                return;
            }
            if (term < terms[count - 1]) {
                throw new IllegalArgumentException("term " + term + " at offset " + offset
                        + " is lower than the log's last term " + terms[count - 1]);
            }
        }
        add(term, offset);
    }

    private void add(int term, long start) {
        if (count == terms.length) {
            terms = Arrays.copyOf(terms, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        terms[count] = term;
        starts[count] = start;
        count++;
        dirty = true;
    }

    /** Term of the last batch; when the log holds none, the term before its start (NO_TERM if unknown). */
    int lastTerm() {
        return count == 0 ? termBeforeStart : terms[count - 1];
    }

    /** Term of {@code offset}, assumed to be inside the log. */
    int termAt(long offset) {
        int i = floorByOffset(offset);
        return i < 0 ? PartitionLog.NO_TERM : terms[i];
    }

    TermOffset endOffsetFor(int term, long logEndOffset) {
        int i = -1;
        for (int lo = 0, hi = count - 1; lo <= hi; ) {
            int mid = (lo + hi) >>> 1;
            if (terms[mid] <= term) {
                i = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (i < 0) {
            return TermOffset.UNKNOWN;
        }
        return new TermOffset(terms[i], i == count - 1 ? logEndOffset : starts[i + 1]);
    }

    /** Drops entries that start at or after {@code offset} (suffix truncation, or recovery rescan). */
    void truncateFromEnd(long offset) {
        int before = count;
        while (count > 0 && starts[count - 1] >= offset) {
            count--;
        }
        dirty |= count != before;
    }

    /** Drops entries wholly below {@code logStartOffset} and moves the first one up to it. */
    void truncateFromStart(long logStartOffset) {
        int before = floorByOffset(logStartOffset - 1);
        if (before >= 0 && terms[before] != termBeforeStart) {
            termBeforeStart = terms[before];
            dirty = true;
        }
        int i = floorByOffset(logStartOffset);
        if (i < 0) {
            return;
        }
        if (i > 0 || starts[0] != logStartOffset) {
            System.arraycopy(terms, i, terms, 0, count - i);
            System.arraycopy(starts, i, starts, 0, count - i);
            count -= i;
            starts[0] = logStartOffset;
            dirty = true;
        }
    }

    void clear() {
        clear(PartitionLog.NO_TERM);
    }

    /** Empties the index; {@code before} becomes the term before the (new) log start. */
    void clear(int before) {
        dirty |= count > 0 || termBeforeStart != before;
        count = 0;
        termBeforeStart = before;
    }

    /** Term of the last batch before the log start, or NO_TERM when unknown. */
    int termBeforeStart() {
        return termBeforeStart;
    }

    private int floorByOffset(long offset) {
        int found = -1;
        for (int lo = 0, hi = count - 1; lo <= hi; ) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    int size() {
        return count;
    }

    int termAtIndex(int i) {
        return terms[i];
    }

    long startAtIndex(int i) {
        return starts[i];
    }
}
