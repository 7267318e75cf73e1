package io.brook.storage.log;

import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.InvalidBatchException;
import io.brook.protocol.record.RecordBatch;
import io.brook.storage.AppendInfo;
import io.brook.storage.DurableFiles;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ProducerState;
import io.brook.storage.ProducerStateRebuild;
import io.brook.storage.ReadResult;
import io.brook.storage.StorageException;
import io.brook.storage.TermOffset;
import io.brook.storage.TimestampLookup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@link PartitionLog} over segment files. See the interface for the threading contract: fields
 * marked volatile are read by reader threads, everything else belongs to the writer thread.
 *
 * <p>Crash-safety rule for every operation that removes data (truncation, retention, full reset):
 * the recovery checkpoint is lowered first, so that recovery re-validates whatever the operation
 * may have left half done; then files are cut or renamed; then the directory is fsynced.
 *
 * <p>The idempotent producers' state is kept by {@link LogProducerState}, which this class calls at
 * each of those steps (append, roll, truncation, reset, retention, open and close).
 */
public final class SegmentedLog implements PartitionLog {

    private final Path dir;
    private final LongSupplier clock;
    private final RecoveryCheckpoint checkpoint;
    private final TermIndex terms;
    private final RecordBatch view = new RecordBatch();
    private final LogProducerState producerState;
    private final ProducerStateRebuild producerStateRebuild;

    private volatile LogConfig config;
    private volatile Segment[] segments;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long flushedOffset;
    private long recoveryPoint;
    private boolean closed;

    private SegmentedLog(Path dir, LogConfig config, LongSupplier clock, LogRecovery.Result recovered) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.checkpoint = new RecoveryCheckpoint(dir);
        this.terms = recovered.terms();
        List<Segment> list = recovered.segments();
        this.segments = list.toArray(new Segment[0]);
        Segment active = segments[segments.length - 1];
        active.unseal();
        long now = clock.getAsLong();
        for (Segment s : segments) {
            // a segment written by an earlier process ages from its opening (it may become active
            // again by truncation); an empty one ages from its first append, as segment.ms says
            if (!s.isEmpty()) {
                s.startRollClock(now);
            }
        }
        this.logStartOffset = segments[0].baseOffset();
        this.logEndOffset = active.nextOffset();
        this.flushedOffset = logEndOffset;
        this.recoveryPoint = active.baseOffset();
        terms.persistIfDirty();
        if (!recovered.fresh()) {
            // a new log needs none: without the file recovery scans from the log start, where this one points
            checkpoint.write(new RecoveryCheckpoint.State(recoveryPoint, false, 0, 0));
        }
        this.producerState = new LogProducerState(dir);
        this.producerStateRebuild = producerState.open(segments, logStartOffset, logEndOffset);
    }

    /** See {@link PartitionLog#open(Path, LogConfig, LongSupplier)}. */
    public static SegmentedLog open(Path dir, LogConfig config, LongSupplier clockMs) {
        RecoveryCheckpoint cp = new RecoveryCheckpoint(dir);
        LogRecovery.Result r = LogRecovery.recover(dir, config, cp);
        try {
            return new SegmentedLog(dir, config, clockMs, r);
        } catch (RuntimeException e) {
            for (Segment s : r.segments()) {
                s.closeAndRelease();
            }
            throw e;
        }
    }

    @Override
    public AppendInfo appendAsLeader(ByteBuffer batches, int term) {
        checkOpen();
        if (term < 0) {
            throw new IllegalArgumentException("term must not be negative: " + term);
        }
        if (term < terms.lastTerm()) {
            throw new IllegalArgumentException("term " + term + " is lower than the log's last term " + terms.lastTerm());
        }
        int from = batches.position();
        int to = batches.limit();
        LogConfig cfg = config;
        int count = validate(batches, from, to, cfg.maxBatchBytes(), cfg.deepValidation());
        long next = logEndOffset;
        long maxTimestamp = Long.MIN_VALUE;
        for (int p = from; p < to; p += view.sizeInBytes()) {
            view.wrap(batches, p);
            view.setBaseOffset(next);
            view.setPartitionLeaderEpoch(term);
            next = view.nextOffset();
            maxTimestamp = Math.max(maxTimestamp, view.maxTimestamp());
        }
        return write(batches, from, to, next, count, maxTimestamp);
    }

    @Override
    public AppendInfo appendAsFollower(ByteBuffer batches) {
        checkOpen();
        int from = batches.position();
        int to = batches.limit();
        int count = validate(batches, from, to, Integer.MAX_VALUE, false);
        long next = logEndOffset;
        int lastTerm = terms.lastTerm();
        long maxTimestamp = Long.MIN_VALUE;
        for (int p = from; p < to; p += view.sizeInBytes()) {
            view.wrap(batches, p);
            if (view.baseOffset() != next) {
                throw new IllegalArgumentException("replicated batch at byte " + (p - from) + " starts at offset "
                        + view.baseOffset() + " but the log continues at " + next);
            }
            if (view.partitionLeaderEpoch() < lastTerm) {
                throw new IllegalArgumentException("replicated batch at offset " + next + " has term "
                        + view.partitionLeaderEpoch() + ", lower than " + lastTerm);
            }
            lastTerm = view.partitionLeaderEpoch();
            next = view.nextOffset();
            maxTimestamp = Math.max(maxTimestamp, view.maxTimestamp());
        }
        return write(batches, from, to, next, count, maxTimestamp);
    }

    /** Checks every batch; throws for the first bad one. @return the number of batches */
    private static int validate(ByteBuffer buf, int from, int to, int maxBatchBytes, boolean deep) {
        if (from >= to) {
            throw new InvalidBatchException(BatchError.TRUNCATED, 0, "no batches to append");
        }
        int count = 0;
        for (int p = from; p < to; ) {
            BatchError e = RecordBatch.validate(buf, p, to, maxBatchBytes, deep);
            if (e != BatchError.NONE) {
                throw new InvalidBatchException(e, p - from, null);
            }
            p += RecordBatch.LOG_OVERHEAD + buf.getInt(p + RecordBatch.LENGTH_OFFSET);
            count++;
        }
        return count;
    }

    private AppendInfo write(ByteBuffer buf, int from, int to, long nextOffset, int count, long maxTimestamp) {
        long firstOffset = logEndOffset;
        Segment active = maybeRoll(to - from, nextOffset - 1);
        for (int p = from; p < to; p += view.sizeInBytes()) {
            view.wrap(buf, p);
            terms.assign(view.partitionLeaderEpoch(), view.baseOffset());
        }
        // a new term is in the file before any batch carries it, so recovery can check every term it
        // reads; it is synced with the next flush (a synced replace per election on every replica made
        // elections of thousands of partitions outlast their timeouts)
        terms.writeIfDirty();
        active.append(buf, from, to, nextOffset, config.indexIntervalBytes());
        active.startRollClock(clock.getAsLong());
        logEndOffset = nextOffset;
        producerState.onAppend(buf, from, to);
        return new AppendInfo(firstOffset, nextOffset - 1, maxTimestamp, count, to - from);
    }

    private Segment maybeRoll(int bytes, long lastOffset) {
        Segment active = segments[segments.length - 1];
        if (active.isEmpty()) {
            return active;
        }
        LogConfig cfg = config;
        boolean full = (long) active.size() + bytes > cfg.segmentBytes();
        boolean old = clock.getAsLong() - active.rollClockStartMs() >= cfg.segmentMs();
        boolean offsetsOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
        return full || old || offsetsOverflow ? roll() : active;
    }

    /** Seals the active segment (fsync + index files) and starts a new one at the log end. */
    private Segment roll() {
        Segment old = segments[segments.length - 1];
        old.seal();
        flushedOffset = Math.max(flushedOffset, logEndOffset);
        Segment next = Segment.create(dir, logEndOffset);
        Segment[] grown = Arrays.copyOf(segments, segments.length + 1);
        grown[grown.length - 1] = next;
        segments = grown;
        terms.persistIfDirty();
        recoveryPoint = next.baseOffset();
        checkpoint.write(new RecoveryCheckpoint.State(recoveryPoint, false, 0, 0));
        producerState.onRoll(next.baseOffset());
        return next;
    }

    @Override
    public long flush() {
        checkOpen();
        long end = logEndOffset;
        if (flushedOffset < end) {
            terms.syncIfWritten(); // every term of the batches forced now is durable first
            segments[segments.length - 1].flush();
            flushedOffset = end;
        }
        return flushedOffset;
    }

    @Override
    public ReadResult read(long offset, int maxBytes, long maxOffset) {
        long end = logEndOffset;
        Segment[] segs = segments;
        return LogReader.read(segs, logStartOffset, end, offset, maxBytes, maxOffset);
    }

    @Override
    public TimestampLookup offsetForTimestamp(long timestampMs, long maxOffset) {
        long end = logEndOffset;
        return LogReader.offsetForTimestamp(segments, end, timestampMs, maxOffset);
    }

    @Override
    public long truncateTo(long offset) {
        checkOpen();
        if (offset >= logEndOffset) {
            return logEndOffset;
        }
        if (offset <= logStartOffset) {
            truncateFullyAndStartAt(offset);
            return offset;
        }
        Segment[] segs = segments;
        int i = LogReader.floorSegment(segs, offset);
        Segment keep = segs[i];
        lowerRecoveryPoint(keep.baseOffset());
        int pos;
        long newEnd;
        try {
            BatchHeaderReader reader = new BatchHeaderReader();
            pos = keep.findBatch(offset, keep.size(), reader);
            if (pos < 0) {
                throw new StorageException("offset " + offset + " not found in " + keep.logPath() + " while truncating");
            }
            newEnd = reader.view().baseOffset();
        } catch (IOException e) {
            throw new StorageException("cannot read " + keep.logPath(), e);
        }
        producerState.beforeTruncate(newEnd);
        logEndOffset = newEnd;
        segments = Arrays.copyOf(segs, i + 1);
        for (int j = segs.length - 1; j > i; j--) {
            segs[j].markDeletedAndRelease();
        }
        keep.unseal();
        keep.truncate(pos, newEnd, config.indexIntervalBytes());
        flushedOffset = Math.min(flushedOffset, newEnd);
        terms.truncateFromEnd(newEnd);
        terms.persistIfDirty();
        DurableFiles.fsyncDirectory(dir);
        producerState.rebuild(segments, logStartOffset, newEnd);
        return newEnd;
    }

    @Override
    public void truncateFullyAndStartAt(long offset) {
        truncateFullyAndStartAt(offset, NO_TERM);
    }

    @Override
    public void truncateFullyAndStartAt(long offset, int termBeforeStart) {
        checkOpen();
        if (offset < 0) {
            throw new IllegalArgumentException("log start offset must not be negative: " + offset);
        }
        recoveryPoint = offset;
        checkpoint.write(new RecoveryCheckpoint.State(offset, false, 0, 0));
        producerState.onReset();
        Segment[] old = segments;
        for (int j = old.length - 1; j >= 0; j--) {
            old[j].markDeletedAndRelease();
        }
        Segment fresh = Segment.create(dir, offset);
        segments = new Segment[] {fresh};
        logStartOffset = offset;
        logEndOffset = offset;
        flushedOffset = offset;
        terms.clear(termBeforeStart);
        terms.persistIfDirty();
        DurableFiles.fsyncDirectory(dir);
    }

    private void lowerRecoveryPoint(long offset) {
        if (offset < recoveryPoint) {
            recoveryPoint = offset;
        }
        checkpoint.write(new RecoveryCheckpoint.State(recoveryPoint, false, 0, 0));
    }

    @Override
    public int termAt(long offset) {
        if (offset == logStartOffset - 1) {
            return terms.termBeforeStart();
        }
        if (offset < logStartOffset || offset >= logEndOffset) {
            return NO_TERM;
        }
        return terms.termAt(offset);
    }

    @Override
    public TermOffset endOffsetForTerm(int term) {
        return terms.endOffsetFor(term, logEndOffset);
    }

    @Override
    public int lastTerm() {
        return terms.lastTerm();
    }

    @Override
    public int enforceRetention(long maxOffset) {
        checkOpen();
        Segment[] segs = segments;
        int deletable = Retention.deletableSegments(segs, config, clock.getAsLong(), Math.min(maxOffset, flushedOffset));
        if (deletable == 0) {
            return 0;
        }
        long newStart = segs[deletable].baseOffset();
        logStartOffset = newStart;
        segments = Arrays.copyOfRange(segs, deletable, segs.length);
        for (int j = 0; j < deletable; j++) {
            segs[j].markDeletedAndRelease();
        }
        terms.truncateFromStart(newStart);
        terms.persistIfDirty();
        producerState.onNewLogStart(newStart);
        DurableFiles.fsyncDirectory(dir);
        return deletable;
    }

    @Override
    public ProducerState producers() {
        return producerState.table();
    }

    @Override
    public ProducerStateRebuild producerStateRebuild() {
        return producerStateRebuild;
    }

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return logEndOffset;
    }

    @Override
    public long flushedOffset() {
        return flushedOffset;
    }

    @Override
    public long sizeInBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size();
        }
        return total;
    }

    @Override
    public int segmentCount() {
        return segments.length;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public LogConfig config() {
        return config;
    }

    @Override
    public void reconfigure(LogConfig config) {
        this.config = config;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Segment[] segs = segments;
        Segment active = segs[segs.length - 1];
        RuntimeException failure = null;
        try {
            active.flush();
            flushedOffset = logEndOffset;
            active.writeIndexes();
            terms.persistIfDirty();
            checkpoint.write(new RecoveryCheckpoint.State(logEndOffset, true, active.baseOffset(), active.size()));
            producerState.onClose(logEndOffset);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Segment s : segs) {
            try {
                s.closeAndRelease();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "SegmentedLog(" + dir + ", offsets " + logStartOffset + ".." + logEndOffset + ", segments " + segments.length + ")";
    }
}
