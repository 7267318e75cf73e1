package io.brook.broker.partition;

import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.InvalidBatchException;
import io.brook.storage.AppendInfo;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns a set of partition logs: the only thread that writes them. Work arrives
 * through a queue; the thread takes everything queued at once, appends it, then fsyncs each
 * partition that received acks=all appends exactly once and only then answers those appends (group
 * commit: under load one fsync covers many requests). Appends without flush are answered as soon as
 * they are in the log.
 */
public final class LogThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogThread.class);
    private static final int MAX_BURST = 4096;

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final LongSupplier clock;
    private final Set<Partition> owned = new LinkedHashSet<>();
    private final List<Object> burst = new ArrayList<>();
    private final List<PendingAck> pendingAcks = new ArrayList<>();
    private final List<Partition> toFlush = new ArrayList<>();
    private volatile boolean running = true;

    private record AppendTask(Partition partition, ByteBuffer batches, int term, boolean flush, Consumer<AppendResult> callback) {}

    private record PendingAck(Partition partition, AppendResult result, Consumer<AppendResult> callback) {}

    public LogThread(String name, LongSupplier clock) {
        this.clock = clock;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(false);
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code task} on this thread. */
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException(thread.getName() + " is stopped");
        }
        queue.add(task);
    }

    /**
     * Appends {@code batches} to the partition's log as leader of {@code term}. The buffer must stay
     * valid until {@code callback} runs (on this thread); it is modified in place (offsets, term).
     *
     * @param flush fsync before answering (acks=all)
     */
    public void append(Partition p, ByteBuffer batches, int term, boolean flush, Consumer<AppendResult> callback) {
        if (!running) {
            callback.accept(AppendResult.error(ErrorCode.BROKER_SHUTTING_DOWN, "broker is shutting down"));
            return;
        }
        queue.add(new AppendTask(p, batches, term, flush, callback));
    }

    /** Owner thread: start owning a partition (for periodic flushes). */
    void own(Partition p) {
        owned.add(p);
    }

    void disown(Partition p) {
        owned.remove(p);
    }

    /** Owner thread: fsyncs every owned log with unflushed appends (the periodic background flush). */
    void flushOwned() {
        for (Partition p : owned) {
            PartitionLog log = p.log();
            if (log != null && log.flushedOffset() < log.logEndOffset()) {
                try {
                    log.flush();
                } catch (StorageException e) {
                    PartitionManager.markOffline(p, e);
                }
            }
        }
    }

    /** Owner thread: applies retention to every owned log. */
    void retainOwned() {
        for (Partition p : owned) {
            PartitionLog log = p.log();
            if (log != null) {
                try {
                    int n = log.enforceRetention(p.highWatermark());
                    if (n > 0) {
                        LOG.info("Retention deleted {} segment(s) of {}; log start is now {}", n, p.id(), log.logStartOffset());
                    }
                } catch (StorageException e) {
                    PartitionManager.markOffline(p, e);
                }
            }
        }
    }

    boolean isOwnerThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Object first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                burst.add(first);
                queue.drainTo(burst, MAX_BURST);
                for (Object task : burst) {
                    process(task);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("{} failed a task", thread.getName(), e);
            } finally {
                burst.clear();
                flushAndAck();
            }
        }
    }

    private void process(Object task) {
        if (task instanceof AppendTask a) {
            append(a);
        } else {
            try {
                ((Runnable) task).run();
            } catch (RuntimeException e) {
                LOG.error("{} failed a task", thread.getName(), e);
            }
        }
    }

    private void append(AppendTask a) {
        Partition p = a.partition();
        PartitionLog log = p.log();
        if (log == null) {
            a.callback().accept(offlineResult(p));
            return;
        }
        AppendResult result;
        try {
            AppendInfo info = log.appendAsLeader(a.batches(), a.term());
            result = new AppendResult(ErrorCode.NONE, "", info.firstOffset(), clock.getAsLong(), log.logStartOffset());
            p.advanceHighWatermark(log.logEndOffset());
        } catch (InvalidBatchException e) {
            ErrorCode code = e.error() == BatchError.TOO_LARGE ? ErrorCode.RECORD_BATCH_TOO_LARGE : ErrorCode.CORRUPT_RECORD_BATCH;
            a.callback().accept(AppendResult.error(code, e.getMessage()));
            return;
        } catch (StorageException e) {
            PartitionManager.markOffline(p, e);
            a.callback().accept(offlineResult(p));
            return;
        }
        if (a.flush()) {
            pendingAcks.add(new PendingAck(p, result, a.callback()));
            if (!p.flushPending()) {
                p.flushPending(true);
                toFlush.add(p);
            }
        } else {
            a.callback().accept(result);
        }
    }

    private void flushAndAck() {
        for (Partition p : toFlush) {
            p.flushPending(false);
            PartitionLog log = p.log();
            if (log != null) {
                try {
                    log.flush();
                } catch (StorageException e) {
                    PartitionManager.markOffline(p, e);
                }
            }
        }
        toFlush.clear();
        for (PendingAck ack : pendingAcks) {
            Partition p = ack.partition();
            try {
                ack.callback().accept(p.log() == null ? offlineResult(p) : ack.result());
            } catch (RuntimeException e) {
                LOG.error("{} failed to answer an append", thread.getName(), e);
            }
        }
        pendingAcks.clear();
    }

    private static AppendResult offlineResult(Partition p) {
        String reason = p.offlineReason();
        return reason != null
                ? AppendResult.error(ErrorCode.STORAGE_ERROR, "partition " + p.id() + " is offline: " + reason)
                : AppendResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + p.id() + " is not open on this broker");
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
        // anything that slipped in after the loop ended is answered, never dropped silently
        Object task;
        while ((task = queue.poll()) != null) {
            if (task instanceof AppendTask a) {
                a.callback().accept(AppendResult.error(ErrorCode.BROKER_SHUTTING_DOWN, "broker is shutting down"));
            }
        }
    }
}
