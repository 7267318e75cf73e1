package io.brook.client.internal.producer;

import io.brook.client.BrookException;
import io.brook.client.InterruptException;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.brook.client.internal.metadata.Cluster;
import io.brook.protocol.record.Header;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects records into per-partition batches until the sender takes them: a batch is ready when
 * it is full, has lingered {@code linger.ms}, or a flush, close or memory shortage asks for
 * everything now. Memory comes from the {@link BufferPool}; appending blocks there when it is
 * exhausted. A {@link DrainGate} may hold a partition back (the idempotent producer's ordering).
 *
 * <p>Thread safety: {@link #append} is called by any number of application threads; everything
 * else by the sender thread (and {@link #awaitFlushCompletion} by flushing threads). Each partition's
 * deque is guarded by its {@link PartitionQueue}'s monitor; the topic and partition lookups are
 * lock-free and allocate nothing once the partition has been seen.
 */
public final class RecordAccumulator {

    /**
     * Returned by {@link #append} with {@code abortOnNewBatch} when the record would open a new
     * batch: the sticky partitioner then moves on and appends again. Never completed.
     */
    public static final CompletableFuture<RecordMetadata> ABORTED_FOR_NEW_BATCH = new CompletableFuture<>();

    private final int batchSize;
    private final long lingerMs;
    private final BufferPool pool;
    private final Runnable wakeSender;
    private final DrainGate gate;
    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<PartitionQueue> queues = new CopyOnWriteArrayList<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closing;
    private volatile boolean closed;
    private int drainIndex;

    /**
     * @param wakeSender called when a batch is created, so that the sender re-plans its wait
     */
    public RecordAccumulator(int batchSize, long lingerMs, BufferPool pool, Runnable wakeSender) {
        this(batchSize, lingerMs, pool, wakeSender, DrainGate.OPEN);
    }

    /**
     * @param gate consulted before a partition's first batch is reported ready or drained
     */
    RecordAccumulator(int batchSize, long lingerMs, BufferPool pool, Runnable wakeSender, DrainGate gate) {
        this.batchSize = batchSize;
        this.lingerMs = lingerMs;
        this.pool = pool;
        this.wakeSender = wakeSender;
        this.gate = gate;
    }

    /** The partitions of one topic, indexed by partition number; grown under the topic's monitor. */
    private static final class TopicQueues {
        final String topic;
        volatile PartitionQueue[] partitions = new PartitionQueue[0];

        TopicQueues(String topic) {
            this.topic = topic;
        }
    }

    private PartitionQueue queue(String topic, int partition) {
        TopicQueues tq = topics.get(topic);
        if (tq == null) {
            tq = topics.computeIfAbsent(topic, TopicQueues::new);
        }
        PartitionQueue[] parts = tq.partitions;
        if (partition < parts.length && parts[partition] != null) {
            return parts[partition];
        }
        synchronized (tq) {
            parts = tq.partitions;
            if (partition >= parts.length) {
                parts = java.util.Arrays.copyOf(parts, partition + 1);
            } else {
                parts = parts.clone();
            }
            if (parts[partition] == null) {
                PartitionQueue q = new PartitionQueue(new TopicPartition(topic, partition));
                parts[partition] = q;
                queues.add(q);
            }
            tq.partitions = parts;
            return parts[partition];
        }
    }

    /**
     * Appends a record to the partition's open batch, or to a new one (blocking for memory).
     *
     * @param sizeBound {@link RecordBatchBuilder#recordSizeUpperBound} of the record
     * @param maxBlockMs how long to wait for buffer memory
     * @param abortOnNewBatch return {@link #ABORTED_FOR_NEW_BATCH} instead of opening a new batch
     * @return the record's future
     * @throws io.brook.client.BufferExhaustedException when no memory became free in time
     * @throws BrookException when the producer closed meanwhile
     */
    public CompletableFuture<RecordMetadata> append(String topic, int partition, long timestamp, byte[] key, byte[] value,
                                                    Header[] headers, int sizeBound, long maxBlockMs,
                                                    boolean abortOnNewBatch, long nowMs) {
        PartitionQueue q = queue(topic, partition);
        CompletableFuture<RecordMetadata> f;
        synchronized (q) {
            checkNotClosed();
            f = tryAppend(q, timestamp, key, value, headers, sizeBound);
        }
        if (f != null) {
            return f;
        }
        if (abortOnNewBatch) {
            return ABORTED_FOR_NEW_BATCH;
        }
        int size = Math.max(batchSize, RecordBatch.HEADER_SIZE + sizeBound);
        RecordBatchBuilder builder = pool.allocate(size, maxBlockMs);
        try {
            synchronized (q) {
                checkNotClosed();
                f = tryAppend(q, timestamp, key, value, headers, sizeBound);
                if (f != null) {
                    return f;
                }
                ProducerBatch batch = new ProducerBatch(q.tp, builder, size, nowMs);
                f = batch.tryAppend(timestamp, key, value, headers, sizeBound);
                q.deque.addLast(batch);
                incomplete.add(batch);
                builder = null;
            }
            wakeSender.run();
            return f;
        } finally {
            if (builder != null) {
                pool.deallocate(builder, size);
            }
        }
    }

    private static CompletableFuture<RecordMetadata> tryAppend(PartitionQueue q, long timestamp, byte[] key, byte[] value,
                                                               Header[] headers, int sizeBound) {
        ProducerBatch last = q.deque.peekLast();
        return last == null ? null : last.tryAppend(timestamp, key, value, headers, sizeBound);
    }

    private void checkNotClosed() {
        if (closed) {
            throw new BrookException("the producer was closed while send() was in progress; the record was not sent");
        }
    }

    /** Which brokers have a batch to send now, and how long until the next one will. */
    public static final class ReadyCheck {
        public final Set<Integer> nodes = new HashSet<>();
        public long nextDelayMs = Long.MAX_VALUE;
        public boolean unknownLeaders;
    }

    /**
     * @param deliveryTimeoutMs also bounds the delay: expired batches must be noticed
     */
    public ReadyCheck ready(Cluster cluster, long nowMs, long deliveryTimeoutMs) {
        ReadyCheck result = new ReadyCheck();
        boolean sendNow = closing || flushesInProgress.get() > 0 || pool.hasWaiters();
        for (PartitionQueue q : queues) {
            if (q.muted) {
                continue;
            }
            synchronized (q) {
                ProducerBatch first = q.deque.peekFirst();
                if (first == null) {
                    continue;
                }
                result.nextDelayMs = Math.min(result.nextDelayMs, Math.max(1, first.createdMs + deliveryTimeoutMs - nowMs));
                int leader = cluster.leader(q.tp.topic(), q.tp.partition());
                if (leader < 0 || cluster.address(leader) == null) {
                    result.unknownLeaders = true;
                    continue;
                }
                if (!gate.mayDrain(q.tp, first, leader)) {
                    continue;
                }
                if (first.attempts > 0) {
                    if (first.awaitsMetadata) {
                        continue;
                    }
                    if (first.retryAtMs <= nowMs) {
                        result.nodes.add(leader);
                    } else {
                        result.nextDelayMs = Math.min(result.nextDelayMs, first.retryAtMs - nowMs);
                    }
                    continue;
                }
                boolean full = q.deque.size() > 1 || first.full;
                long waited = nowMs - first.createdMs;
                if (full || sendNow || waited >= lingerMs) {
                    result.nodes.add(leader);
                } else {
                    result.nextDelayMs = Math.min(result.nextDelayMs, lingerMs - waited);
                }
            }
        }
        return result;
    }

    /**
     * Takes, per broker, at most one ready batch per partition it leads, up to {@code maxRequestSize}
     * bytes per broker (at least one batch), and builds them. Rotates the starting partition so
     * that no partition starves.
     */
    public Map<Integer, List<ProducerBatch>> drain(Cluster cluster, Set<Integer> nodes, int maxRequestSize, long nowMs) {
        Map<Integer, List<ProducerBatch>> out = new HashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        Map<Integer, Integer> sizes = new HashMap<>();
        List<PartitionQueue> all = queues;
        int n = all.size();
        int start = n == 0 ? 0 : Math.floorMod(drainIndex++, n);
        for (int i = 0; i < n; i++) {
            PartitionQueue q = all.get((start + i) % n);
            if (q.muted) {
                continue;
            }
            int leader = cluster.leader(q.tp.topic(), q.tp.partition());
            if (leader < 0 || !nodes.contains(leader)) {
                continue;
            }
            ProducerBatch batch;
            synchronized (q) {
                batch = q.deque.peekFirst();
                if (batch == null || (batch.attempts > 0 && (batch.retryAtMs > nowMs || batch.awaitsMetadata))
                        || !gate.mayDrain(q.tp, batch, leader)) {
                    continue;
                }
                int used = sizes.getOrDefault(leader, 0);
                if (used > 0 && used + batch.sizeInBytes() > maxRequestSize) {
                    continue;
                }
                q.deque.pollFirst();
                batch.full = true;
            }
            gate.onDrained(batch, leader);
            batch.close();
            sizes.merge(leader, batch.sizeInBytes(), Integer::sum);
            out.computeIfAbsent(leader, k -> new ArrayList<>()).add(batch);
        }
        return out;
    }

    /**
     * Puts a batch that failed with a retriable error back at the head of its partition; an
     * idempotent batch goes among the other returned ones in sequence order, ahead of batches never
     * sent.
     */
    public void reenqueue(ProducerBatch batch) {
        PartitionQueue q = queue(batch.tp.topic(), batch.tp.partition());
        synchronized (q) {
            if (batch.order < 0) {
                q.deque.addFirst(batch);
                return;
            }
            ArrayList<ProducerBatch> earlier = new ArrayList<>();
            while (!q.deque.isEmpty() && q.deque.peekFirst().order >= 0 && q.deque.peekFirst().order < batch.order) {
                earlier.add(q.deque.pollFirst());
            }
            q.deque.addFirst(batch);
            for (int i = earlier.size() - 1; i >= 0; i--) {
                q.deque.addFirst(earlier.get(i));
            }
        }
    }

    /** Mutes or unmutes a partition (ordering with one request in flight). Sender thread only. */
    public void mute(TopicPartition tp, boolean muted) {
        queue(tp.topic(), tp.partition()).muted = muted;
    }

    /** Removes and returns the queued batches older than {@code deliveryTimeoutMs}. */
    public List<ProducerBatch> expire(long nowMs, long deliveryTimeoutMs) {
        List<ProducerBatch> expired = null;
        for (PartitionQueue q : queues) {
            synchronized (q) {
                ProducerBatch first = q.deque.peekFirst();
                if (first == null || nowMs - first.createdMs < deliveryTimeoutMs) {
                    continue;
                }
                var it = q.deque.iterator();
                while (it.hasNext()) {
                    ProducerBatch b = it.next();
                    if (nowMs - b.createdMs >= deliveryTimeoutMs) {
                        b.full = true;
                        it.remove();
                        if (expired == null) {
                            expired = new ArrayList<>();
                        }
                        expired.add(b);
                    }
                }
            }
        }
        return expired == null ? List.of() : expired;
    }

    /** Removes and returns every queued batch (forced close). */
    public List<ProducerBatch> drainAll() {
        List<ProducerBatch> out = new ArrayList<>();
        for (PartitionQueue q : queues) {
            synchronized (q) {
                for (ProducerBatch b : q.deque) {
                    b.full = true;
                    out.add(b);
                }
                q.deque.clear();
            }
        }
        return out;
    }

    /** Whether any batch waits in a deque. */
    public boolean hasQueued() {
        for (PartitionQueue q : queues) {
            synchronized (q) {
                if (!q.deque.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Completes a batch successfully, returning its memory first so that callbacks can send. */
    public void succeed(ProducerBatch batch, long baseOffset) {
        release(batch);
        batch.succeed(baseOffset);
    }

    /** Fails a batch, returning its memory first. */
    public void fail(ProducerBatch batch, RuntimeException error) {
        release(batch);
        batch.fail(error);
    }

    private void release(ProducerBatch batch) {
        incomplete.remove(batch);
        pool.deallocate(batch.builder, batch.capacity);
    }

    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** Waits until every batch that exists now has completed. */
    public void awaitFlushCompletion() {
        for (ProducerBatch b : new ArrayList<>(incomplete)) {
            try {
                b.done().get();
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("batch completion never fails", e);
            }
        }
    }

    /** From now on every batch is ready at once (graceful close). */
    public void beginClosing() {
        closing = true;
    }

    /** Refuses further appends; appends blocked on memory fail. */
    public void close() {
        for (PartitionQueue q : queues) {
            synchronized (q) {
                closed = true;
            }
        }
        closed = true;
        pool.close();
    }

    /** Number of batches not yet completed (queued or in flight). */
    public int incompleteCount() {
        return incomplete.size();
    }
}
