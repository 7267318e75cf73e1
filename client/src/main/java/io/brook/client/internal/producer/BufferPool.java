package io.brook.client.internal.producer;

import io.brook.client.BrookException;
import io.brook.client.BufferExhaustedException;
import io.brook.client.InterruptException;
import io.brook.client.RecordTooLargeException;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's {@code buffer.memory}: hands out {@link RecordBatchBuilder}s whose buffers
 * together never exceed the budget, blocking callers (first come, first served) until memory is
 * returned or their time runs out. Builders of exactly {@code batch.size} are kept for reuse, so a
 * producer in steady state allocates no batch buffers; other sizes (for records larger than a
 * batch) are dropped on release. The accounting covers each builder's record buffer; a codec's
 * output buffer comes on top (it is at most about as large).
 *
 * <p>Thread-safe: guarded by one lock; every caller of {@code send} and the sender thread use it.
 */
public final class BufferPool {

    private final long totalMemory;
    private final int poolableSize;
    private final CompressionType compression;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private final ArrayDeque<RecordBatchBuilder> free = new ArrayDeque<>();
    /** Memory neither handed out nor in {@link #free}. */
    private long available;
    private boolean closed;

    public BufferPool(long totalMemory, int poolableSize, CompressionType compression) {
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.compression = compression;
        this.available = totalMemory;
    }

    /**
     * A builder with room for {@code size} bytes of records, blocking up to {@code maxWaitMs}.
     *
     * @throws RecordTooLargeException when {@code size} exceeds the whole budget
     * @throws BufferExhaustedException when the memory did not become free in time
     * @throws InterruptException when interrupted while waiting
     */
    public RecordBatchBuilder allocate(int size, long maxWaitMs) {
        if (size > totalMemory) {
            throw new RecordTooLargeException("a batch of " + size + " bytes does not fit in buffer.memory (" + totalMemory
                    + " bytes): raise buffer.memory or send smaller records");
        }
        long reserved = 0;
        RecordBatchBuilder pooled = null;
        lock.lock();
        try {
            checkOpen();
            if (size == poolableSize && !free.isEmpty()) {
                return free.pollFirst();
            }
            if (waiters.isEmpty() && available + (long) free.size() * poolableSize >= size) {
                freeUp(size);
                available -= size;
                reserved = size;
            } else {
                Condition turn = lock.newCondition();
                waiters.addLast(turn);
                long remainingNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
                try {
                    while (reserved < size) {
                        if (remainingNanos <= 0) {
                            throw new BufferExhaustedException("no room for a " + size + "-byte batch in buffer.memory ("
                                    + totalMemory + " bytes) within " + maxWaitMs + " ms (max.block.ms): records are"
                                    + " produced faster than the brokers accept them; slow down, raise buffer.memory,"
                                    + " or check that the brokers are reachable");
                        }
                        remainingNanos = turn.awaitNanos(remainingNanos);
                        checkOpen();
                        if (reserved == 0 && size == poolableSize && !free.isEmpty()) {
                            pooled = free.pollFirst();
                            reserved = size;
                        } else {
                            freeUp(size - reserved);
                            long got = Math.min(size - reserved, available);
                            available -= got;
                            reserved += got;
                        }
                    }
                } catch (InterruptedException e) {
                    throw new InterruptException(e);
                } finally {
                    waiters.remove(turn);
                    if (reserved < size) {
                        available += reserved;
                        reserved = 0;
                    }
                }
            }
        } finally {
            signalNextIfRoom();
            lock.unlock();
        }
        return pooled != null ? pooled : new RecordBatchBuilder(compression, size);
    }

    /** Returns a builder taken with {@link #allocate} for {@code size} bytes. */
    public void deallocate(RecordBatchBuilder builder, int size) {
        lock.lock();
        try {
            if (size == poolableSize && !closed) {
                builder.reset();
                free.addLast(builder);
            } else {
                available += size;
            }
            Condition first = waiters.peekFirst();
            if (first != null) {
                first.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether callers are waiting for memory: the sender then sends batches without lingering. */
    public boolean hasWaiters() {
        lock.lock();
        try {
            return !waiters.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Memory not handed out (free-list builders included). */
    public long availableMemory() {
        lock.lock();
        try {
            return available + (long) free.size() * poolableSize;
        } finally {
            lock.unlock();
        }
    }

    /** Fails every waiting and future {@link #allocate}. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            free.clear();
            for (Condition c : waiters) {
                c.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BrookException("the producer was closed while send() waited for buffer memory");
        }
    }

    /** Drops pooled builders until {@code size} bytes are available or none are left. */
    private void freeUp(long size) {
        while (available < size && !free.isEmpty()) {
            free.pollLast();
            available += poolableSize;
        }
    }

    private void signalNextIfRoom() {
        Condition first = waiters.peekFirst();
        if (first != null && (available > 0 || !free.isEmpty())) {
            first.signal();
        }
    }
}
