package io.brook.replication.control.quorum;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.InvalidBatchException;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.protocol.record.RecordCursor;
import io.brook.replication.control.MetadataImage;
import io.brook.storage.AppendInfo;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import io.brook.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller voter's state machine over its metadata log: applies committed entries to the
 * {@link MetadataState} in log order, appends submitted commands while this replica leads and answers
 * them once they are applied, and writes checkpoints so the log can be cut.
 *
 * <p><b>Applying.</b> Entries are applied only below {@link MetadataLog#committedEnd()}, so no replica
 * ever applies an entry that Raft could still remove. A replica whose log starts at offset 0 starts from
 * the empty state; one whose log starts later (older segments deleted, or its log reset to the leader's
 * start) skips entries until the first checkpoint record, which holds the whole state at its position,
 * and applies from there.
 *
 * <p><b>Checkpoints.</b> The leader appends one after every {@code checkpointEvery} applied commands, but
 * only when everything in its log is applied (so the state it writes is exactly the state at the record's
 * position). Once a checkpoint is applied, segments wholly below it may be deleted.
 *
 * <p><b>Answers.</b> A submitted batch is answered with one result per command when it is applied; when
 * leadership moves first, it is answered {@code UNKNOWN_OUTCOME} (the next leader may still commit it).
 *
 * <p>Owner thread only (the metadata log's), except {@link #image()}, {@link #leaderId()} and
 * {@link #encodedAnswer(long)}, which read volatile snapshots.
 */
final class MetadataApplier {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataApplier.class);
    private static final int READ_BYTES = 1 << 20;

    /** How a submission ended; {@code results} in command order for OK. */
    record Outcome(ControlMessages.Status status, List<MetadataState.Applied> results, int leaderHint, String reason) {

        static Outcome notLeader(int hint) {
            return new Outcome(ControlMessages.Status.NOT_LEADER, List.of(), hint, "");
        }

        static Outcome failed(ControlMessages.Status status, String reason) {
            return new Outcome(status, List.of(), -1, reason);
        }
    }

    /** A submitted batch waiting to be applied. */
    private record Waiter(long lastOffset, int count, Consumer<Outcome> done) {
    }

    private final MetadataLog log;
    private final String name;
    private final LongSupplier clock;
    private final long checkpointEvery;
    private final Consumer<MetadataImage> onImage;
    private final RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 1024);
    private final RecordBatch batch = new RecordBatch();
    private final RecordCursor cursor = new RecordCursor();
    private final TreeMap<Long, Waiter> waiters = new TreeMap<>();

    private MetadataState state = new MetadataState();
    private long appliedEnd;
    private boolean synced;
    private boolean waitingLogged;
    private String halted;
    private long commandsSinceCheckpoint;
    private long checkpointInFlight = -1;
    private int leaderTerm = -1;
    private long publishedVersion;
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile int leaderId = -1;
    private volatile boolean leading;
    private volatile CachedAnswer answer = new CachedAnswer(-1, null);

    private record CachedAnswer(long version, byte[] bytes) {
    }

    /**
     * @param onImage called on the owner thread with every new image, in version order
     */
    MetadataApplier(MetadataLog log, String name, LongSupplier clock, long checkpointEvery, Consumer<MetadataImage> onImage) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be positive, got " + checkpointEvery);
        }
        this.log = log;
        this.name = name;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.onImage = onImage;
    }

    /** Owner thread: starts from the log's first entry. */
    void start() {
        PartitionLog pl = log.log();
        restartAt(pl == null ? 0 : pl.logStartOffset());
        onLogChange();
    }

    MetadataImage image() {
        return image;
    }

    int leaderId() {
        return leaderId;
    }

    /** Whether this replica leads, with its state rebuilt (a hint for routing; {@link #submit} checks again). */
    boolean leading() {
        return leading;
    }

    /** Why applying stopped for good (an entry this broker cannot read), or null. */
    String halted() {
        return halted;
    }

    /**
     * Any thread: the FETCH answer for a caller that knows {@code knownVersion}, or null when this replica
     * does not lead (its image may lag the leader's).
     */
    byte[] encodedAnswer(long knownVersion) {
        if (leading) {
            MetadataImage current = image;
            if (current.version() <= knownVersion) {
                return CommandCodec.encodeUnchanged(current.version());
            }
            CachedAnswer cached = answer;
            if (cached.version() != current.version()) {
                cached = new CachedAnswer(current.version(), CommandCodec.encodeImage(current));
                answer = cached;
            }
            return cached.bytes();
        }
        return null;
    }

    // ------------------------------------------------------------------ events

    /** Owner thread: something about the log changed (commit, fsync, role, reset). */
    void onLogChange() {
        int term = log.leaderTerm();
        if (term != leaderTerm) {
            if (leaderTerm >= 0) {
                failWaiters(ControlMessages.Status.UNKNOWN_OUTCOME, "controller leadership moved before the change committed; "
                        + "it may or may not take effect");
                checkpointInFlight = -1;
            }
            leaderTerm = term;
        }
        leaderId = log.leaderId();
        applyCommitted();
        leading = term >= 0 && synced;
        maybeCheckpoint();
    }

    /**
     * Owner thread: appends {@code commands} as one batch if this replica leads, and calls {@code done}
     * (on this thread) once they are applied, or at once when they cannot be appended.
     */
    void submit(List<MetadataCommand> commands, Consumer<Outcome> done) {
        if (halted != null) {
            done.accept(Outcome.failed(ControlMessages.Status.NOT_APPLIED, "the controller on this broker stopped: " + halted));
            return;
        }
        if (log.leaderTerm() < 0) {
            done.accept(Outcome.notLeader(log.leaderId()));
            return;
        }
        if (!synced) {
            done.accept(Outcome.failed(ControlMessages.Status.NOT_APPLIED, "the controller leader is still rebuilding its state"));
            return;
        }
        builder.reset();
        long now = clock.getAsLong();
        for (MetadataCommand c : commands) {
            builder.append(now, null, MetadataRecords.command(c));
        }
        AppendInfo info;
        try {
            info = log.append(builder.build());
        } catch (IllegalStateException | InvalidBatchException e) {
            done.accept(Outcome.failed(ControlMessages.Status.NOT_APPLIED, e.getMessage()));
            return;
        } catch (StorageException e) {
            done.accept(Outcome.failed(ControlMessages.Status.UNKNOWN_OUTCOME, "the metadata log failed: " + e.getMessage()));
            return;
        }
        waiters.put(info.firstOffset(), new Waiter(info.lastOffset(), commands.size(), done));
    }

    // ------------------------------------------------------------------ applying

    private void restartAt(long offset) {
        state = new MetadataState();
        appliedEnd = offset;
        synced = offset == 0;
        commandsSinceCheckpoint = 0;
        waitingLogged = false;
    }

    private void applyCommitted() {
        if (halted != null) {
            return;
        }
        PartitionLog pl = log.log();
        if (pl == null) {
            return; // offline: the broker reports why
        }
        long start = pl.logStartOffset();
        if (appliedEnd < start) {
            // our log was reset to the leader's start: entries we never applied are gone, rebuild from a checkpoint
            LOG.info("Controller {}: metadata log now starts at {}, after the applied end {}; rebuilding from its first checkpoint",
                    name, start, appliedEnd);
            restartAt(start);
        }
        long limit = Math.min(log.committedEnd(), pl.logEndOffset());
        List<MetadataState.Applied> results = new ArrayList<>();
        while (appliedEnd < limit && halted == null) {
            try (ReadResult r = pl.read(appliedEnd, READ_BYTES, limit)) {
                if (r.status() != ReadResult.Status.OK) {
                    break;
                }
                ByteBuffer buf = r.slice().readAll();
                int pos = 0;
                while (pos < buf.limit() && halted == null) {
                    batch.wrap(buf, pos);
                    pos += batch.sizeInBytes();
                    if (batch.lastOffset() < appliedEnd) {
                        continue;
                    }
                    results.clear();
                    applyBatch(results);
                    if (halted == null) {
                        appliedEnd = batch.lastOffset() + 1;
                        answerWaiter(batch.baseOffset(), results);
                    }
                }
            }
        }
        if (!synced && !waitingLogged && appliedEnd >= limit && limit > 0) {
            waitingLogged = true;
            LOG.warn("Controller {}: the metadata log starts at {} and holds no checkpoint up to {} yet; waiting for one",
                    name, pl.logStartOffset(), limit);
        }
        publish();
    }

    private void applyBatch(List<MetadataState.Applied> results) {
        if (batch.isControl()) {
            return;
        }
        try {
            cursor.reset(batch);
            while (cursor.next()) {
                MetadataRecords.Entry e = MetadataRecords.decode(cursor.valueBytes());
                if (e instanceof MetadataRecords.Checkpoint c) {
                    applyCheckpoint(c.state(), cursor.offset());
                } else if (synced) {
                    results.add(state.apply(((MetadataRecords.Command) e).command(), cursor.timestamp()));
                    commandsSinceCheckpoint++;
                }
            }
        } catch (RuntimeException e) {
            halted = "cannot apply the metadata entry at offset " + batch.baseOffset() + ": " + e.getMessage();
            LOG.error("Controller {}: {}. This broker applies no further metadata; its controller replica needs a Brook "
                    + "that reads this entry.", name, halted, e);
            failWaiters(ControlMessages.Status.UNKNOWN_OUTCOME, halted);
        }
    }

    private void applyCheckpoint(MetadataState checkpoint, long offset) {
        if (!synced) {
            state = checkpoint;
            synced = true;
            LOG.info("Controller {}: state rebuilt from the checkpoint at offset {} (metadata version {})", name, offset,
                    checkpoint.version());
        } else if (checkpoint.version() != state.version()) {
            // deterministic replicas cannot disagree; if they do, the log (or this code) is broken: say so loudly
            LOG.error("Controller {}: the checkpoint at offset {} has metadata version {} but this replica computed {}",
                    name, offset, checkpoint.version(), state.version());
        }
        commandsSinceCheckpoint = 0;
        if (checkpointInFlight == offset) {
            checkpointInFlight = -1;
        }
        log.allowRetentionBelow(offset);
    }

    private void answerWaiter(long baseOffset, List<MetadataState.Applied> results) {
        Iterator<Map.Entry<Long, Waiter>> it = waiters.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Waiter> e = it.next();
            if (e.getKey() > baseOffset) {
                return;
            }
            it.remove();
            Waiter w = e.getValue();
            if (e.getKey() == baseOffset && results.size() == w.count()) {
                w.done().accept(new Outcome(ControlMessages.Status.OK, List.copyOf(results), -1, ""));
            } else {
                // our appended batch is not where we put it: the log was replaced under us
                w.done().accept(Outcome.failed(ControlMessages.Status.UNKNOWN_OUTCOME,
                        "the metadata log changed before the change was applied; it may or may not take effect"));
            }
        }
    }

    private void failWaiters(ControlMessages.Status status, String reason) {
        List<Waiter> failed = new ArrayList<>(waiters.values());
        waiters.clear();
        for (Waiter w : failed) {
            w.done().accept(Outcome.failed(status, reason));
        }
    }

    private void publish() {
        if (synced && state.version() > publishedVersion) {
            publishedVersion = state.version();
            MetadataImage next = state.image();
            image = next;
            onImage.accept(next);
        }
    }

    private void maybeCheckpoint() {
        PartitionLog pl = log.log();
        if (pl == null || leaderTerm < 0 || !synced || halted != null || checkpointInFlight >= 0
                || commandsSinceCheckpoint < checkpointEvery || appliedEnd != pl.logEndOffset()) {
            return;
        }
        builder.reset();
        builder.append(clock.getAsLong(), null, MetadataRecords.checkpoint(state));
        try {
            checkpointInFlight = log.append(builder.build()).firstOffset();
        } catch (RuntimeException e) {
            LOG.warn("Controller {}: could not append a checkpoint: {}", name, e.toString());
        }
    }
}
