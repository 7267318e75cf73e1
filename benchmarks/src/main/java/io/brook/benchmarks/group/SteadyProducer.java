package io.brook.benchmarks.group;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@code ratePerSec} records a second, round-robin over every partition, on its own thread, so
 * that each partition gets a record about every {@code partitions / ratePerSec} seconds and a consumer
 * that owns it is seen consuming. Keeps the schedule by total count: a late tick sends what it owes.
 */
final class SteadyProducer implements Runnable {

    private final GroupSystem.Sender sender;
    private final int ratePerSec;
    private final int partitions;
    private final int recordSize;
    private volatile boolean stopped;
    private volatile long sent;
    private Thread thread;

    SteadyProducer(GroupSystem.Sender sender, int ratePerSec, int partitions, int recordSize) {
        this.sender = sender;
        this.ratePerSec = ratePerSec;
        this.partitions = partitions;
        this.recordSize = recordSize;
    }

    void start() {
        thread = new Thread(this, "steady-producer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long n = 0;
        while (!stopped) {
            long due = (System.nanoTime() - start) / 1_000_000L * ratePerSec / 1000;
            while (n < due && !stopped) {
                sender.send((int) (n % partitions), Payload.stamped(System.currentTimeMillis(), recordSize));
                n++;
            }
            sent = n;
            LockSupport.parkNanos(5_000_000L);
        }
    }

    long sent() {
        return sent;
    }

    long failures() {
        return sender.failures();
    }

    void stop() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.join(10_000);
        }
        sender.close();
    }
}
