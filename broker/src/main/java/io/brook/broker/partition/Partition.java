package io.brook.broker.partition;

import io.brook.storage.PartitionLog;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One partition replica on this broker: its log, its owner thread, its high watermark and the
 * fetches waiting for it to grow.
 *
 * <p>Threads: {@link #log()} is written only on {@link #owner()}; reads of the log and of the
 * volatile fields are safe from any thread.
 */
public final class Partition {

    private final TopicPartition id;
    private final LogThread owner;
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private volatile PartitionLog log;
    private volatile long highWatermark;
    private volatile String offlineReason;
    private boolean flushPending;

    Partition(TopicPartition id, LogThread owner) {
        this.id = id;
        this.owner = owner;
    }

    public TopicPartition id() {
        return id;
    }

    public LogThread owner() {
        return owner;
    }

    /** The log, or {@code null} while the partition is offline or not yet open. */
    public PartitionLog log() {
        return log;
    }

    /** Offsets below it are committed and visible to consumers. */
    public long highWatermark() {
        return highWatermark;
    }

    /** Why the partition is offline (its storage failed), or {@code null}. */
    public String offlineReason() {
        return offlineReason;
    }

    void opened(PartitionLog log) {
        this.log = log;
        this.offlineReason = null;
        this.highWatermark = log.logEndOffset();
    }

    void offline(String reason) {
        this.offlineReason = reason;
        this.log = null;
    }

    void closed() {
        this.log = null;
    }

    /** Owner thread: publish a new high watermark and wake waiting fetches. */
    void advanceHighWatermark(long hw) {
        if (hw > highWatermark) {
            highWatermark = hw;
            wakeWaiters();
        }
    }

    /** Owner thread: the high watermark after a truncation or reset. */
    void resetHighWatermark(long hw) {
        highWatermark = hw;
        wakeWaiters();
    }

    boolean flushPending() {
        return flushPending;
    }

    void flushPending(boolean pending) {
        this.flushPending = pending;
    }

    /**
     * Registers a callback run (once, on the owner thread) the next time the high watermark moves or
     * the partition goes away. The callback must be cheap and must not block.
     */
    public void onNextChange(Runnable waiter) {
        waiters.add(waiter);
        if (log == null) {
            wakeWaiters();
        }
    }

    /** Drops a waiter that is no longer needed (its fetch was answered). */
    public void cancelWaiter(Runnable waiter) {
        waiters.remove(waiter);
    }

    void wakeWaiters() {
        Runnable r;
        while ((r = waiters.poll()) != null) {
            r.run();
        }
    }

    @Override
    public String toString() {
        return "Partition(" + id + ")";
    }
}
