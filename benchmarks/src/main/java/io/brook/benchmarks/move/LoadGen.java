package io.brook.benchmarks.move;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends {@code ratePerSec} records round-robin over a topic's partitions on its own thread, keeping
 * the schedule by count (a late tick sends what it owes). Each send's latency is measured from the time
 * the schedule intended it to be sent to its acknowledgement (so a stalled client or broker is not
 * hidden: no coordinated omission), into the histogram of the current phase. It also keeps, per
 * partition, the longest time between acknowledgements since {@link #trackStallsFrom}.
 */
final class LoadGen implements Runnable {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final MoveSystem.Sender sender;
    private final String topic;
    private final int partitions;
    private final int ratePerSec;
    private final byte[] value;
    private final Semaphore inFlight;
    private final AtomicReference<Histogram> phase = new AtomicReference<>(newHistogram());
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLongArray lastAck;
    private final AtomicLongArray maxGap;
    private final AtomicLongArray ackedInWindow;
    private volatile long trackFrom = Long.MAX_VALUE;
    private volatile boolean stopped;
    private volatile long sent;
    private volatile long startNanos;
    private Thread thread;

    LoadGen(MoveSystem.Sender sender, String topic, int partitions, int ratePerSec, int recordSize, int maxInFlight) {
        this.sender = sender;
        this.topic = topic;
        this.partitions = partitions;
        this.ratePerSec = ratePerSec;
        this.value = new byte[recordSize];
        this.inFlight = new Semaphore(maxInFlight);
        this.lastAck = new AtomicLongArray(partitions);
        this.maxGap = new AtomicLongArray(partitions);
        this.ackedInWindow = new AtomicLongArray(partitions);
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
    }

    static Histogram newHistogram() {
        return new ConcurrentHistogram(MAX_MICROS, 3);
    }

    void start() {
        thread = new Thread(this, "load");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        startNanos = System.nanoTime();
        long n = 0;
        while (!stopped) {
            long now = System.nanoTime();
            long due = (now - startNanos) / 1000L * ratePerSec / 1_000_000L;
            while (n < due && !stopped) {
                long intended = startNanos + n * 1_000_000_000L / ratePerSec;
                int p = (int) (n % partitions);
                inFlight.acquireUninterruptibly();
                sender.send(topic, p, value, e -> done(p, intended, e));
                n++;
                sent = n;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private void done(int partition, long intended, Throwable e) {
        long now = System.nanoTime();
        inFlight.release();
        if (e != null) {
            failed.incrementAndGet();
            return;
        }
        acked.incrementAndGet();
        phase.get().recordValue(Math.min(MAX_MICROS, Math.max(0, (now - intended) / 1000)));
        long from = trackFrom;
        long prev = lastAck.getAndAccumulate(partition, now, Math::max);
        if (now >= from) {
            ackedInWindow.incrementAndGet(partition);
            long gap = now - Math.max(prev, from);
            maxGap.accumulateAndGet(partition, gap, Math::max);
        }
    }

    /** Starts a new latency phase and returns the one that ended. */
    Histogram nextPhase() {
        return phase.getAndSet(newHistogram());
    }

    void trackStallsFrom(long nanos) {
        trackFrom = nanos;
    }

    /** The longest time without an acknowledgement of {@code partition} between the tracking start and {@code end}, in ns. */
    long maxGap(int partition, long end) {
        long tail = end - Math.max(lastAck.get(partition), trackFrom);
        return Math.max(maxGap.get(partition), tail);
    }

    long ackedInWindow(int partition) {
        return ackedInWindow.get(partition);
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    long sent() {
        return sent;
    }

    void stop() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.join(30_000);
        }
        sender.flush();
        sender.close();
    }
}
