package io.brook.client.internal.consumer;

import io.brook.client.TopicPartition;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over between the fetcher (event loop) and the application thread: completed fetches
 * in arrival order, the bytes they hold (the fetch-ahead budget), and the signal the application
 * thread waits on in {@code poll} (new data, a finished offset lookup, or {@code wakeup()}).
 *
 * <p>Thread-safe: the queue and signals are guarded by this object's monitor; the byte count is an
 * atomic read by the fetcher without locking.
 */
public final class FetchBuffer {

    private final ArrayDeque<CompletedFetch> queue = new ArrayDeque<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long budget;
    private Runnable onRoom = () -> { };
    private volatile boolean fetcherWaitingForRoom;
    private boolean signalled;
    private boolean wakeupRequested;
    private boolean closed;

    public FetchBuffer(long budget) {
        this.budget = budget;
    }

    /** @param onRoom called (from the application thread) when the budget frees up and the fetcher waits for it */
    void onRoom(Runnable onRoom) {
        this.onRoom = onRoom;
    }

    /** Whether the fetcher may fetch more; if not, it will be told through {@code onRoom}. */
    boolean hasRoom() {
        if (bytes.get() < budget) {
            return true;
        }
        fetcherWaitingForRoom = true;
        // re-check: the application thread may have freed room between the two reads
        if (bytes.get() < budget) {
            fetcherWaitingForRoom = false;
            return true;
        }
        return false;
    }

    /** Adds a completed fetch; releases it instead when the buffer is closed. */
    void add(CompletedFetch f) {
        synchronized (this) {
            if (!closed) {
                queue.addLast(f);
                bytes.addAndGet(f.sizeInBytes);
                notifyAll();
                return;
            }
        }
        f.release();
    }

    synchronized CompletedFetch poll() {
        return queue.pollFirst();
    }

    /** Releases a fetch taken with {@link #poll()} and returns its bytes to the budget. */
    void done(CompletedFetch f) {
        f.release();
        long now = bytes.addAndGet(-f.sizeInBytes);
        if (now < budget && fetcherWaitingForRoom) {
            fetcherWaitingForRoom = false;
            onRoom.run();
        }
    }

    /** Drops every queued fetch of {@code tp} (after a seek or unassignment). */
    public void discard(TopicPartition tp) {
        java.util.List<CompletedFetch> dropped = new java.util.ArrayList<>();
        synchronized (this) {
            for (Iterator<CompletedFetch> it = queue.iterator(); it.hasNext(); ) {
                CompletedFetch f = it.next();
                if (f.tp.equals(tp)) {
                    it.remove();
                    dropped.add(f);
                }
            }
        }
        dropped.forEach(this::done);
    }

    /** Wakes a waiting {@link #await} (an offset lookup finished). */
    public synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /** Makes the current or next blocking consumer call throw {@link io.brook.client.WakeupException}. */
    public synchronized void wakeup() {
        wakeupRequested = true;
        notifyAll();
    }

    /** @return whether a wakeup was requested (and clears it) */
    public synchronized boolean takeWakeup() {
        boolean w = wakeupRequested;
        wakeupRequested = false;
        return w;
    }

    /**
     * Waits until a signal or a wakeup comes, or data is queued (with {@code dataWakes}), or
     * {@code timeoutNanos} pass.
     *
     * @throws InterruptedException when interrupted
     */
    public synchronized void await(long timeoutNanos, boolean dataWakes) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!signalled && !wakeupRequested && !(dataWakes && !queue.isEmpty()) && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        signalled = false;
    }

    /** Releases everything queued and refuses further fetches. */
    public void close() {
        java.util.List<CompletedFetch> all;
        synchronized (this) {
            closed = true;
            all = new java.util.ArrayList<>(queue);
            queue.clear();
            notifyAll();
        }
        all.forEach(this::done);
    }
}
