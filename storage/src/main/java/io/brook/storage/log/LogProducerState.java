package io.brook.storage.log;

import io.brook.protocol.record.RecordBatch;
import io.brook.storage.ProducerStateRebuild;
import io.brook.storage.StorageException;
import io.brook.storage.producer.ProducerSnapshots;
import io.brook.storage.producer.ProducerStateTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a log's {@link ProducerStateTable} equal to the state after every batch in the log (and
 * after batches retention deleted: retention does not remove producers, expiry does), and its
 * snapshots consistent with the log.
 *
 * <ul>
 * <li>Append: each batch with a producer id is applied after it is written.</li>
 * <li>Roll: the table is written as the snapshot at the new segment's base offset, so a restart
 * replays at most the active segment. Clean close writes one at the log end, so a clean restart
 * replays nothing.</li>
 * <li>Suffix truncation: snapshots above the new end are deleted (durably) before any file of the
 * log changes, so none can describe batches a later append replaces; then the table is rebuilt.</li>
 * <li>Reset: every snapshot is deleted first, and the table emptied.</li>
 * <li>Retention to a new log start S: snapshots below S go; the one at S, if any, stays. It is the
 * only one worth keeping: it holds the producers whose batches retention removed, whereas an older
 * one would miss the batches between it and S, and a producer whose newest batch is among those
 * would be held to a stale sequence and rejected.</li>
 * <li>Open and rebuild: snapshots outside [log start, log end] are deleted (leftovers of a crash in
 * one of the steps above, or above an end that recovery cut); the newest snapshot that reads back
 * whole is loaded (damaged ones are logged and skipped, never deleted) and the batch headers from
 * its offset (or the log start, without one) to the log end are replayed. Headers only: batches were
 * validated when they were appended or recovered, and records are never decoded.</li>
 * </ul>
 *
 * <p>Thread safety: the log's owner thread.
 */
final class LogProducerState {

    private static final Logger LOG = LoggerFactory.getLogger(LogProducerState.class);
    private static final long SLOW_REBUILD_NANOS = 100_000_000L;

    private final Path dir;
    private final ProducerStateTable table = new ProducerStateTable();
    private final ProducerSnapshots snapshots;
    private final RecordBatch view = new RecordBatch();

    LogProducerState(Path dir) {
        this.dir = dir;
        this.snapshots = new ProducerSnapshots(dir);
    }

    ProducerStateTable table() {
        return table;
    }

    /** After recovery: drops snapshots the log does not cover, then loads and replays. */
    ProducerStateRebuild open(Segment[] segs, long logStart, long logEnd) {
        int stale = snapshots.deleteAbove(logEnd) + snapshots.deleteBelow(logStart);
        if (stale > 0) {
            LOG.info("{}: deleted {} producer snapshot(s) outside the log's offsets {}..{}", dir, stale, logStart, logEnd);
        }
        ProducerStateRebuild r = rebuild(segs, logStart, logEnd);
        if (r.nanos() >= SLOW_REBUILD_NANOS || r.damagedSnapshots() > 0) {
            LOG.info("{}: producer state of {} producers rebuilt in {} ms from {} and {} batch headers ({}..{})", dir,
                    r.producers(), String.format("%.1f", r.millis()),
                    r.snapshotOffset() < 0 ? "no snapshot" : "the snapshot at " + r.snapshotOffset(),
                    r.batchesScanned(), r.replayedFrom(), r.replayedTo());
        }
        return r;
    }

    /** Loads the newest usable snapshot in [logStart, logEnd] and replays the batches after it. */
    ProducerStateRebuild rebuild(Segment[] segs, long logStart, long logEnd) {
        long start = System.nanoTime();
        ProducerSnapshots.Loaded loaded = snapshots.loadNewest(logStart, logEnd, table);
        long from = loaded.offset() < 0 ? logStart : loaded.offset();
        long scanned = replay(segs, from, logEnd);
        return new ProducerStateRebuild(loaded.offset(), loaded.damaged(), from, logEnd, scanned, table.size(),
                System.nanoTime() - start);
    }

    /** Applies the batches in {@code buf[from, to)}, just written to the log. */
    void onAppend(ByteBuffer buf, int from, int to) {
        for (int p = from; p < to; p += view.sizeInBytes()) {
            view.wrap(buf, p);
            table.apply(view);
        }
    }

    /** A segment starting at {@code offset} was created by a roll. */
    void onRoll(long offset) {
        snapshots.write(offset, table);
    }

    /** Before a suffix truncation to {@code newEnd} touches any file. */
    void beforeTruncate(long newEnd) {
        snapshots.deleteAbove(newEnd);
    }

    /** Before the log is emptied and restarted. */
    void onReset() {
        snapshots.deleteAll();
        table.clear();
    }

    /** Retention moved the log start to {@code logStart}. */
    void onNewLogStart(long logStart) {
        snapshots.deleteBelow(logStart);
    }

    /** Clean close at {@code logEnd}, everything below it flushed. */
    void onClose(long logEnd) {
        if (!Files.exists(snapshots.path(logEnd))) {
            snapshots.write(logEnd, table);
        }
    }

    /** Applies the headers of the batches with offsets in [from, to). @return how many */
    private long replay(Segment[] segs, long from, long to) {
        if (from >= to) {
            return 0;
        }
        BatchHeaderReader reader = new BatchHeaderReader();
        long scanned = 0;
        for (int i = LogReader.floorSegment(segs, from); i < segs.length; i++) {
            Segment s = segs[i];
            int size = s.size();
            try {
                int pos = s.baseOffset() >= from ? SegmentFile.HEADER_SIZE : s.findBatch(from, size, reader);
                while (pos >= 0 && pos < size) {
                    RecordBatch h = reader.read(s.channel(), pos, size);
                    if (h == null) {
                        throw new StorageException("segment " + s.logPath() + " has no whole batch at byte " + pos
                                + " while rebuilding the producer state");
                    }
                    if (h.baseOffset() >= to) {
                        return scanned;
                    }
                    if (h.baseOffset() >= from) {
                        table.apply(h);
                        scanned++;
                    }
                    pos += h.sizeInBytes();
                }
            } catch (IOException e) {
                throw new StorageException("cannot read " + s.logPath() + " while rebuilding the producer state", e);
            }
        }
        return scanned;
    }
}
