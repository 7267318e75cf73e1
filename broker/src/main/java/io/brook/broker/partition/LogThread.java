package io.brook.broker.partition;

import io.brook.broker.meta.LocalStore;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.InvalidBatchException;
import io.brook.replication.raft.RaftMessage;
import io.brook.replication.raft.RaftNode;
import io.brook.storage.AppendInfo;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns a set of partition replicas: the only thread that writes their logs and
 * drives their Raft nodes. Work arrives through a queue (produce appends, Raft messages, ticks); the
 * thread takes everything queued at once, runs it, then fsyncs each log that asked for it exactly
 * once (group commit; several side by side on the broker's fsync pool), records the new acknowledged ends of the replicated ones in one synced RocksDB
 * write ({@link AckMark}), tells the Raft nodes, and sends the Raft messages the burst produced (one
 * frame per peer). Under load one fsync per log, one RocksDB sync and one network frame cover many
 * requests and partitions.
 */
public final class LogThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogThread.class);
    private static final int MAX_BURST = 4096;
    /** A burst longer than this is logged (see {@link #reportSlowBurst}). */
    private static final long SLOW_BURST_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SLOW_BURST_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final LongSupplier clock;
    private final Runnable afterBurst;
    private final Set<Partition> owned = new LinkedHashSet<>();
    /** Owned replicas ticked every tick; the others are parked in {@link #parked}. */
    private final Set<Partition> ticking = new LinkedHashSet<>();
    /**
     * Parked replicas (see {@link RaftNode#park()}), in {@link #parkTicks} slots: slot {@code i} is ticked
     * on the ticks whose number is {@code i} modulo {@code parkTicks}, so each parked replica is ticked at
     * least once every {@code parkTicks} ticks, and an idle thread visits only a share of its replicas
     * per tick. One slot (nothing parked) until {@link #parkEvery} is called.
     */
    private List<Set<Partition>> parked = List.of();
    private int parkTicks = 1;
    /** A peer's liveness changed: the next tick unparks everything (see {@link #requestTick(boolean)}). */
    private final AtomicBoolean unparkAll = new AtomicBoolean();
    private final List<Partition> toTick = new ArrayList<>();
    private final List<Runnable> burst = new ArrayList<>();
    /** Owner thread: when the current burst started, and how many tasks it has (0: none running). */
    private long burstStart;
    private int burstTasks;
    private long lastSlowReport = System.nanoTime() - SLOW_BURST_REPORT_NANOS;
    private final List<Partition> toFlush = new ArrayList<>();
    private final List<Partition> flushing = new ArrayList<>();
    private final List<Partition> flushed = new ArrayList<>();
    private final Map<String, byte[]> marks = new LinkedHashMap<>();
    /** A Raft term or vote was written unsynced in this burst: sends wait in {@link #heldSends} for the WAL sync. */
    private boolean hardStateToSync;
    private final List<HeldSend> heldSends = new ArrayList<>();

    /** A Raft message waiting for the WAL sync, and how to send it. */
    private record HeldSend(RaftMessage message, Runnable send) {}
    private final LocalStore store;
    private final IdempotenceGate gate = new IdempotenceGate();
    private final long producerExpirationMs;
    private volatile boolean running = true;
    private final Executor fsyncPool;
    /** A tick is queued and has not run yet: the next one is skipped (see {@link #requestTick()}). */
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    /** Failures of the concurrent fsyncs of the current {@link #flushAndRecord()}, by partition. */
    private final Map<Partition, RuntimeException> forceFailures = new HashMap<>();
    /** {@link System#nanoTime()} of the last {@link #tickOwned()} (of the start before the first). */
    private volatile long lastTickNanos = System.nanoTime();
    private volatile long ticksRun;
    /** Told the duration in nanoseconds of each log fsync that had appends to force. */
    private volatile java.util.function.LongConsumer fsyncObserver = nanos -> { };

    /**
     * @param afterBurst run on this thread after every burst (the Raft transport's flush)
     * @param store where the acknowledged ends of replicated partitions are recorded
     * @param producerExpirationMs idempotent producers silent for this long are forgotten (producer.id.expiration.ms)
     */
    public LogThread(String name, LongSupplier clock, Runnable afterBurst, LocalStore store, long producerExpirationMs) {
        this(name, clock, afterBurst, store, producerExpirationMs, null);
    }

    /**
     * @param fsyncPool where the logs that a burst wrote are fsynced side by side when there are several,
     *     or {@code null} to fsync them one after another on this thread
     */
    public LogThread(String name, LongSupplier clock, Runnable afterBurst, LocalStore store, long producerExpirationMs,
                     Executor fsyncPool) {
        this.fsyncPool = fsyncPool;
        this.clock = clock;
        this.afterBurst = afterBurst;
        this.store = store;
        this.producerExpirationMs = producerExpirationMs;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(false);
    }

    public void start() {
        thread.start();
    }

    /** From now on, tells {@code observer} how long each log fsync took (nanoseconds), on this thread. */
    public void observeFsyncs(java.util.function.LongConsumer observer) {
        this.fsyncObserver = observer;
    }

    /** Runs {@code task} on this thread. */
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException(thread.getName() + " is stopped");
        }
        queue.add(task);
    }

    /**
     * Appends {@code batches} to the partition's log if this replica leads it. The buffer must stay
     * valid until {@code callback} runs (on this thread); it is modified in place (offsets, term).
     *
     * @param awaitCommit acks=all: answer once the batches are committed (stored on a majority)
     * @param deadlineMs when an acks=all append that has not committed fails with REQUEST_TIMED_OUT
     */
    public void append(Partition p, ByteBuffer batches, boolean awaitCommit, long deadlineMs, Consumer<AppendResult> callback) {
        if (!running) {
            callback.accept(AppendResult.error(ErrorCode.BROKER_SHUTTING_DOWN, "broker is shutting down"));
            return;
        }
        queue.add(() -> append(p, batches, awaitCommit, deadlineMs, callback, true));
    }

    /** Hands a Raft message to the partition's node (on this thread). */
    public void deliver(Partition p, RaftMessage m) {
        if (!running) {
            release(m);
            return;
        }
        queue.add(() -> {
            RaftNode r = p.raft();
            if (r == null) {
                release(m);
                return;
            }
            try {
                r.handle(m);
            } catch (InvalidBatchException e) {
                LOG.warn("Dropped replicated batches for {}: {}", p.id(), e.getMessage());
                release(m);
            } catch (StorageException e) {
                PartitionManager.markOffline(p, e);
            } catch (RuntimeException e) {
                LOG.error("Raft message for {} failed: {}", p.id(), m, e);
                release(m);
            }
        });
    }

    private static void release(RaftMessage m) {
        if (m instanceof RaftMessage.AppendRequest a) {
            a.entries().release();
        }
    }

    /**
     * A Raft message of an owned replica leaves: at once (into the transport's queues), unless a term
     * or vote was written unsynced earlier in this burst; then at the end of the burst, after the WAL
     * sync, in order. From another thread: at once.
     */
    void send(RaftMessage m, Runnable send) {
        if (hardStateToSync && isOwnerThread()) {
            heldSends.add(new HeldSend(m, send));
        } else {
            send.run();
        }
    }

    /** Owner thread: a term or vote was written unsynced; messages sent from now on wait for the sync. */
    void holdSendsUntilHardStateSynced() {
        hardStateToSync = true;
    }

    /**
     * Lets replicas whose Raft node may be parked be ticked only once every {@code ticks} ticks (the
     * election timeout: see {@link RaftNode#park()}). Called once, before the thread owns replicas.
     */
    public void parkEvery(int ticks) {
        if (ticks < 1) {
            throw new IllegalArgumentException("parkEvery(" + ticks + "): a replica must be ticked at least once per " + ticks + " ticks");
        }
        if (!owned.isEmpty()) {
            throw new IllegalStateException("parkEvery(" + ticks + ") after replicas were owned");
        }
        List<Set<Partition>> slots = new ArrayList<>(ticks);
        for (int i = 0; i < ticks; i++) {
            slots.add(new LinkedHashSet<>());
        }
        parked = slots;
        parkTicks = ticks;
    }

    /** Owner thread: start owning a partition (ticks, periodic flushes, retention); ticked every tick until it parks. */
    void own(Partition p) {
        owned.add(p);
        if (p.tickSlot() >= 0) {
            parked.get(p.tickSlot()).remove(p); // owned again (a new Raft node): not parked twice
        }
        ticking.add(p);
        p.tickSlot(Partition.TICKING);
    }

    void disown(Partition p) {
        owned.remove(p);
        toFlush.remove(p);
        ticking.remove(p);
        if (p.tickSlot() >= 0) {
            parked.get(p.tickSlot()).remove(p);
        }
        p.tickSlot(Partition.NOT_TICKED);
    }

    /** Owner thread: the Raft node of a parked replica has work again (see {@link RaftNode#park()}). */
    void unparked(Partition p) {
        int slot = p.tickSlot();
        if (slot >= 0) {
            parked.get(slot).remove(p);
            ticking.add(p);
            p.tickSlot(Partition.TICKING);
        }
    }

    /** Owner thread: parked replicas whose node may be parked stay so; the others are ticked every tick again. */
    private void place(Partition p, RaftNode r) {
        int slot = p.tickSlot();
        if (slot == Partition.NOT_TICKED) {
            return; // disowned by its own tick (taken offline)
        }
        boolean park = parkTicks > 1 && r.park();
        if (park && slot == Partition.TICKING) {
            ticking.remove(p);
            int home = Math.floorMod(p.id().hashCode(), parkTicks);
            parked.get(home).add(p);
            p.tickSlot(home);
        } else if (!park && slot >= 0) {
            parked.get(slot).remove(p);
            ticking.add(p);
            p.tickSlot(Partition.TICKING);
        }
    }

    private void unparkAll() {
        for (Set<Partition> slot : parked) {
            for (Partition p : slot) {
                RaftNode r = p.raft();
                if (r != null) {
                    r.unpark();
                }
                ticking.add(p);
                p.tickSlot(Partition.TICKING);
            }
            slot.clear();
        }
    }

    /** Owner thread: the log of {@code p} asked for an fsync at the end of this burst. */
    void flushLater(Partition p) {
        toFlush.add(p);
    }

    /**
     * Queues one Raft tick of every owned replica, unless the last one queued has not run yet: a thread
     * that is behind (a long burst of fsyncs) skips ticks instead of running several back to back, so
     * that its replicas do not count time they could not use against their leaders and start
     * elections all at once when it catches up (as etcd drops ticks its node has no time for). Any thread.
     */
    public void requestTick() {
        requestTick(false);
    }

    /**
     * As {@link #requestTick()}; with {@code livenessChanged} (a peer broker was heard from again or fell
     * silent) the tick first unparks every parked replica, so that the followers of a leader whose
     * broker fell silent count their election timeout at once.
     */
    public void requestTick(boolean livenessChanged) {
        if (livenessChanged) {
            unparkAll.set(true);
        }
        if (running && tickQueued.compareAndSet(false, true)) {
            try {
                execute(() -> {
                    tickQueued.set(false);
                    tickOwned();
                });
            } catch (IllegalStateException stopped) {
                tickQueued.set(false);
            }
        }
    }

    /** When this thread last ran {@link #tickOwned()} ({@link System#nanoTime()}); any thread. */
    long lastTickNanos() {
        return lastTickNanos;
    }

    /** Ticks run so far; any thread. */
    public long ticksRun() {
        return ticksRun;
    }

    /**
     * Owner thread: one Raft tick for every replica ticked every tick and for the parked ones whose slot
     * is due, plus produce timeouts; then parks the replicas that may be parked.
     */
    void tickOwned() {
        lastTickNanos = System.nanoTime();
        ticksRun++;
        long now = clock.getAsLong();
        if (unparkAll.getAndSet(false)) {
            unparkAll();
        }
        toTick.addAll(ticking);
        if (parkTicks > 1) {
            toTick.addAll(parked.get((int) (ticksRun % parkTicks)));
        }
        try {
            for (Partition p : toTick) {
                RaftNode r = p.raft();
                if (r != null && p.tickSlot() != Partition.NOT_TICKED) {
                    try {
                        r.tick();
                    } catch (StorageException e) {
                        PartitionManager.markOffline(p, e);
                        continue;
                    }
                    p.ticked();
                    p.expirePending(now);
                    p.refreshProgress();
                    place(p, r);
                }
            }
        } finally {
            toTick.clear();
        }
    }

    /** The clock of the Raft nodes of this thread's replicas: {@link #ticksRun()}, read on this thread. */
    long tickClock() {
        return ticksRun;
    }

    /** Owner thread: fsyncs every owned log with unflushed appends (the periodic background flush). */
    void flushOwned() {
        for (Partition p : owned) {
            PartitionLog log = p.log();
            if (log != null && log.flushedOffset() < log.logEndOffset() && !p.flushRequested()) {
                p.flushRequested(true);
                toFlush.add(p);
            }
        }
    }

    /** Owner thread: applies retention to every owned log, below its high watermark, and expires idle producers. */
    void retainOwned() {
        long now = clock.getAsLong();
        for (Partition p : owned) {
            PartitionLog log = p.log();
            if (log != null) {
                try {
                    int expired = log.producers().expire(now, producerExpirationMs);
                    if (expired > 0) {
                        LOG.debug("{} idle producer(s) of {} expired", expired, p.id());
                    }
                    int n = log.enforceRetention(Math.min(p.highWatermark(), p.retentionLimit()));
                    if (n > 0) {
                        LOG.info("Retention deleted {} segment(s) of {}; log start is now {}", n, p.id(), log.logStartOffset());
                    }
                } catch (StorageException e) {
                    PartitionManager.markOffline(p, e);
                }
            }
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Runnable first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                burst.add(first);
                queue.drainTo(burst, MAX_BURST);
                burstStart = System.nanoTime();
                burstTasks = burst.size();
                for (Runnable task : burst) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("{} failed a task", thread.getName(), e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Error e) {
                LOG.error("{} failed a task", thread.getName(), e);
            } finally {
                burst.clear();
                long flushStart = System.nanoTime();
                int logs = endOfBurst();
                if (burstTasks > 0) {
                    reportSlowBurst(flushStart, logs);
                }
                burstTasks = 0;
            }
        }
    }

    /**
     * Logs a burst that held this thread for longer than {@link #SLOW_BURST_NANOS} (its replicas' ticks
     * and heartbeats waited that long), at most once per {@link #SLOW_BURST_REPORT_NANOS}.
     */
    private void reportSlowBurst(long flushStart, int logs) {
        long end = System.nanoTime();
        if (end - burstStart >= SLOW_BURST_NANOS && end - lastSlowReport >= SLOW_BURST_REPORT_NANOS) {
            lastSlowReport = end;
            LOG.warn("{}: a burst took {} ms: {} task(s) in {} ms, then {} log fsync(s) and the sends in {} ms"
                    + " (ticks and heartbeats of its replicas waited meanwhile)", thread.getName(),
                    TimeUnit.NANOSECONDS.toMillis(end - burstStart), burstTasks,
                    TimeUnit.NANOSECONDS.toMillis(flushStart - burstStart), logs, TimeUnit.NANOSECONDS.toMillis(end - flushStart));
        }
    }

    private void append(Partition p, ByteBuffer batches, boolean awaitCommit, long deadlineMs, Consumer<AppendResult> callback, boolean unused) {
        PartitionLog log = p.log();
        RaftNode r = p.raft();
        if (log == null || r == null) {
            callback.accept(offlineResult(p));
            return;
        }
        if (!r.isLeader() || r.isTransferring()) {
            callback.accept(new AppendResult(ErrorCode.NOT_LEADER, "this broker does not lead " + p.id()
                    + (r.leaderId() >= 0 ? "; broker " + r.leaderId() + " does" : "; an election is in progress"), -1L, -1L, -1L, r.leaderId()));
            return;
        }
        IdempotenceGate.Verdict verdict = gate.check(log, batches, clock.getAsLong());
        if (!verdict.passes()) {
            answerWithoutAppend(p, r, verdict, awaitCommit, deadlineMs, callback);
            return;
        }
        AppendInfo info;
        try {
            info = log.appendAsLeader(batches, r.term());
            r.onLeaderAppended();
        } catch (InvalidBatchException e) {
            ErrorCode code = e.error() == BatchError.TOO_LARGE ? ErrorCode.RECORD_BATCH_TOO_LARGE : ErrorCode.CORRUPT_RECORD_BATCH;
            callback.accept(AppendResult.error(code, e.getMessage()));
            return;
        } catch (StorageException e) {
            PartitionManager.markOffline(p, e);
            callback.accept(offlineResult(p));
            return;
        }
        AppendResult result = new AppendResult(ErrorCode.NONE, "", info.firstOffset(), clock.getAsLong(), log.logStartOffset(), -1);
        if (awaitCommit) {
            if (r.voters().size() == 1) {
                // a one-replica group commits on append; acks=all still waits for the fsync
                p.requestFlush();
            }
            p.awaitCommit(info.lastOffset(), deadlineMs, result, callback);
        } else {
            callback.accept(result);
        }
    }

    /** A refused batch is answered at once; a duplicate like its original (acks=all: once that is committed). */
    private static void answerWithoutAppend(Partition p, RaftNode r, IdempotenceGate.Verdict verdict, boolean awaitCommit,
                                            long deadlineMs, Consumer<AppendResult> callback) {
        AppendResult answer = verdict.answer();
        if (answer.error() != ErrorCode.NONE || !awaitCommit) {
            callback.accept(answer);
            return;
        }
        if (r.voters().size() == 1) {
            p.requestFlush();
        }
        p.awaitCommit(verdict.duplicateLastOffset(), deadlineMs, answer, callback);
    }

    /** Returns how many logs it fsynced. */
    private int endOfBurst() {
        int logs = 0;
        // telling the nodes may ask for more flushes (rarely): those are done in this burst too
        while (!toFlush.isEmpty()) {
            logs += toFlush.size();
            flushing.addAll(toFlush);
            toFlush.clear();
            flushAndRecord();
            flushing.clear();
        }
        if (hardStateToSync) {
            syncHardState();
        }
        try {
            afterBurst.run();
        } catch (RuntimeException e) {
            LOG.error("{} could not send Raft messages", thread.getName(), e);
        }
        return logs;
    }

    /** Syncs the terms and votes written in this burst, then lets the messages that followed them go. */
    private void syncHardState() {
        hardStateToSync = false;
        try {
            store.syncWal();
        } catch (RuntimeException e) {
            // not durable: what depends on it must not leave; Raft sends again
            LOG.error("{} could not sync Raft terms and votes; dropping {} Raft message(s)", thread.getName(), heldSends.size(), e);
            heldSends.forEach(h -> release(h.message()));
            heldSends.clear();
            return;
        }
        for (HeldSend h : heldSends) {
            h.send().run();
        }
        heldSends.clear();
    }

    /**
     * Fsyncs the logs in {@code flushing}, records the replicated ones' new acknowledged ends in one
     * synced write, and only then tells their Raft nodes (which acknowledge and commit on it).
     */
    private void flushAndRecord() {
        flushed.clear();
        marks.clear();
        forceTogether();
        for (Partition p : flushing) {
            p.flushRequested(false);
            PartitionLog log = p.log();
            if (log == null || p.raft() == null) {
                continue;
            }
            try {
                RuntimeException failed = forceFailures.get(p);
                if (failed != null) {
                    throw failed; // never forced again: after a failed fsync the page cache may already be clean
                }
                // timed only when there is something to force: a no-op flush would pull the histogram down
                boolean forcing = log.flushedOffset() < log.logEndOffset();
                long started = System.nanoTime();
                long end = log.flush();
                if (forcing) {
                    fsyncObserver.accept(System.nanoTime() - started);
                }
                flushed.add(p);
                AckMark mark = p.ackMark();
                byte[] value = mark == null ? null : mark.afterFlush(end);
                if (value != null) {
                    marks.put(mark.key(), value);
                }
            } catch (StorageException e) {
                PartitionManager.markOffline(p, e);
            } catch (RuntimeException e) {
                LOG.error("Flushing {} failed", p.id(), e);
            }
        }
        if (!marks.isEmpty()) {
            try {
                store.putAll(marks);
            } catch (RuntimeException e) {
                // nothing beyond the old marks may be acknowledged: as with a failed fsync, the partitions go offline
                for (Partition p : List.copyOf(flushed)) {
                    if (p.ackMark() != null && marks.containsKey(p.ackMark().key())) {
                        PartitionManager.markOffline(p, new StorageException("cannot record the acknowledged end of " + p.id(), e));
                        flushed.remove(p);
                    }
                }
            }
            for (Partition p : flushed) {
                AckMark mark = p.ackMark();
                if (mark != null) {
                    mark.written();
                }
            }
        }
        for (Partition p : flushed) {
            RaftNode r = p.raft();
            if (r == null) {
                continue;
            }
            try {
                r.onFlushed();
                p.completeCommitted();
            } catch (StorageException e) {
                PartitionManager.markOffline(p, e);
            } catch (RuntimeException e) {
                LOG.error("Flushing {} failed", p.id(), e);
            }
        }
    }

    /**
     * When several logs in {@code flushing} have appends to force, fsyncs them side by side on the pool
     * while this thread waits (it owns them; the pool only runs their flush), recording failures in
     * {@link #forceFailures}; the loop of {@link #flushAndRecord()} then finds them flushed.
     */
    private void forceTogether() {
        forceFailures.clear();
        if (fsyncPool == null) {
            return;
        }
        List<Partition> dirty = new ArrayList<>();
        for (Partition p : flushing) {
            PartitionLog log = p.log();
            if (log != null && p.raft() != null && log.flushedOffset() < log.logEndOffset()) {
                dirty.add(p);
            }
        }
        if (dirty.size() < 2) {
            return;
        }
        CompletableFuture<?>[] forced = new CompletableFuture<?>[dirty.size()];
        for (int i = 0; i < forced.length; i++) {
            PartitionLog log = dirty.get(i).log();
            forced[i] = CompletableFuture.runAsync(() -> {
                long started = System.nanoTime();
                log.flush();
                fsyncObserver.accept(System.nanoTime() - started);
            }, fsyncPool);
        }
        for (int i = 0; i < forced.length; i++) {
            try {
                forced[i].join();
            } catch (CompletionException e) {
                forceFailures.put(dirty.get(i), e.getCause() instanceof RuntimeException r ? r : e);
            }
        }
    }

    private static AppendResult offlineResult(Partition p) {
        String reason = p.offlineReason();
        return reason != null
                ? AppendResult.error(ErrorCode.STORAGE_ERROR, "partition " + p.id() + " is offline: " + reason)
                : AppendResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + p.id() + " is not open on this broker");
    }

    boolean isOwnerThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops taking work, finishes what is queued, and waits for the thread to end. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runnable task;
        while ((task = queue.poll()) != null) {
            // appends that slipped in after the loop ended are not run; nothing waits for them but their callers,
            // which the network layer answers with BROKER_SHUTTING_DOWN when the connection closes
            LOG.debug("Dropped a task queued after {} stopped: {}", thread.getName(), task);
        }
    }
}
