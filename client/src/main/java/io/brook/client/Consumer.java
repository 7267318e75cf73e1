package io.brook.client;

import io.brook.client.internal.Backoff;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Futures;
import io.brook.client.internal.consumer.FetchBuffer;
import io.brook.client.internal.consumer.Fetcher;
import io.brook.client.internal.consumer.OffsetLookup;
import io.brook.client.internal.consumer.PositionResolver;
import io.brook.client.internal.consumer.RecordCollector;
import io.brook.client.internal.consumer.SubscriptionState;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads records from partitions the application assigns to it, like Kafka's consumer with
 * {@code assign()} (Brook has no consumer groups yet: positions are the application's to keep).
 *
 * <pre>{@code
 * try (Consumer consumer = new Consumer(ConsumerConfig.builder().autoOffsetReset(OffsetResetStrategy.EARLIEST).build())) {
 *     consumer.assign(List.of(new TopicPartition("orders", 0)));
 *     while (running) {
 *         for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>A background loop on the consumer's network thread fetches ahead for every assigned partition
 * with a position, up to {@code fetch.buffer.bytes} of records not yet returned; {@link #poll}
 * hands them out in offset order per partition. A partition without a position starts where
 * {@code auto.offset.reset} says, and so does one whose position falls out of the log's range.
 *
 * <p>Not thread-safe, like Kafka's: use it from one thread at a time. The exception is
 * {@link #wakeup()}, which any thread may call to make a blocking call throw {@link WakeupException}.
 */
public final class Consumer implements AutoCloseable {

    private static final long LOOKUP_SLACK_MS = 1_000;

    private final ConsumerConfig config;
    private final NetworkClient network;
    private final Metadata metadata;
    private final FetchBuffer buffer;
    private final Fetcher fetcher;
    private final OffsetLookup offsetLookup;
    private final SubscriptionState subscriptions;
    private final PositionResolver positions;
    private final RecordCollector collector;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private boolean closed;
    private boolean closing;
    /** Nesting depth of public calls by the owning thread. */
    private int depth;

    public Consumer(ConsumerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        ClientSettings settings = config.settings();
        Backoff backoff = new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
        this.network = new NetworkClient(settings);
        this.metadata = new Metadata(network, settings);
        this.buffer = new FetchBuffer(config.fetchBufferBytes());
        this.fetcher = new Fetcher(network, metadata, buffer, new Fetcher.Settings(config.fetchMinBytes(),
                config.fetchMaxWaitMs(), config.fetchMaxBytes(), config.maxPartitionFetchBytes(), config.requestTimeoutMs(),
                config.checkCrcs()),
                backoff);
        this.offsetLookup = new OffsetLookup(network, metadata, backoff, config.requestTimeoutMs());
        this.subscriptions = new SubscriptionState(config.autoOffsetReset());
        this.positions = new PositionResolver(subscriptions, offsetLookup, fetcher, buffer, config.defaultApiTimeoutMs(),
                backoff);
        this.collector = new RecordCollector(subscriptions, buffer, fetcher, config.checkCrcs(), config.maxPollRecords());
    }

    public ConsumerConfig config() {
        return config;
    }

    /**
     * Replaces the set of partitions this consumer reads. Partitions it keeps keep their positions;
     * new ones start without one (see {@code auto.offset.reset}).
     */
    public void assign(Collection<TopicPartition> partitions) {
        acquire();
        try {
            for (TopicPartition tp : partitions) {
                Objects.requireNonNull(tp, "partition");
            }
            for (TopicPartition removed : subscriptions.assign(partitions)) {
                buffer.discard(removed);
                collector.discard(removed);
            }
            metadata.setTopics(subscriptions.topics());
            fetcher.assign(subscriptions.assignment());
        } finally {
            release();
        }
    }

    /** The partitions assigned with {@link #assign}. */
    public Set<TopicPartition> assignment() {
        acquire();
        try {
            return Set.copyOf(subscriptions.assignment());
        } finally {
            release();
        }
    }

    /**
     * Makes the next poll return records of {@code partition} from {@code offset} on. Data fetched
     * for the old position is dropped.
     *
     * @throws IllegalStateException when the partition is not assigned
     */
    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        acquire();
        try {
            int generation = subscriptions.seek(partition, offset);
            dropFetched(partition);
            fetcher.start(partition, offset, generation);
        } finally {
            release();
        }
    }

    /** Moves to the first offset still in each partition's log; resolved lazily, on the next poll or position. */
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        reset(partitions, OffsetResetStrategy.EARLIEST);
    }

    /** Moves to the end of each partition's log (the high watermark); resolved lazily. */
    public void seekToEnd(Collection<TopicPartition> partitions) {
        reset(partitions, OffsetResetStrategy.LATEST);
    }

    private void reset(Collection<TopicPartition> partitions, OffsetResetStrategy strategy) {
        acquire();
        try {
            for (TopicPartition tp : partitions) {
                int generation = subscriptions.requestReset(tp, strategy);
                dropFetched(tp);
                fetcher.stop(tp, generation);
            }
        } finally {
            release();
        }
    }

    /**
     * Seeks to the first record with a timestamp at or after {@code timestamp}, or to the end of
     * the log when there is none. Blocks up to {@code default.api.timeout.ms}.
     */
    public void seekToTimestamp(TopicPartition partition, long timestamp) {
        OffsetAndTimestamp found = offsetsForTimes(Map.of(partition, timestamp)).get(partition);
        if (found != null) {
            seek(partition, found.offset());
        } else {
            seekToEnd(List.of(partition));
        }
    }

    private void dropFetched(TopicPartition tp) {
        buffer.discard(tp);
        collector.discard(tp);
    }

    /**
     * The offset of the next record {@link #poll} returns for {@code partition}, resolving a
     * pending reset first (blocking up to {@code default.api.timeout.ms}).
     *
     * @throws IllegalStateException when the partition is not assigned
     */
    public long position(TopicPartition partition) {
        acquire();
        try {
            subscriptions.assigned(partition);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.defaultApiTimeoutMs());
            while (true) {
                positions.update();
                SubscriptionState.PartitionState s = subscriptions.assigned(partition);
                if (s.hasPosition()) {
                    return s.position();
                }
                waitFor(deadline, "resolving the position of " + partition);
            }
        } finally {
            release();
        }
    }

    /**
     * For each partition, the first record whose timestamp is at or after the given time, or
     * {@code null} (in the returned map) when there is none. Blocks up to
     * {@code default.api.timeout.ms}; the partitions need not be assigned.
     */
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        for (Map.Entry<TopicPartition, Long> e : timestamps.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("timestamp of " + e.getKey() + " must be >= 0, got " + e.getValue());
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> found = lookup(timestamps);
        Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
        for (TopicPartition tp : timestamps.keySet()) {
            OffsetAndTimestamp r = found.get(tp);
            out.put(tp, r == null || r.offset() < 0 ? null : r);
        }
        return out;
    }

    /**
     * The partitions of {@code topic} with their leaders, from the cluster metadata (fetched if
     * needed, blocking up to {@code default.api.timeout.ms}); the topic need not be assigned.
     *
     * @throws UnknownTopicOrPartitionException when the topic does not exist
     * @throws InvalidTopicException when the name is not a valid topic name
     */
    public List<PartitionInfo> partitionsFor(String topic) {
        return partitionsFor(topic, config.defaultApiTimeoutMs(), "default.api.timeout.ms");
    }

    /**
     * As {@link #partitionsFor(String)}, blocking up to {@code timeout}.
     *
     * @throws UnknownTopicOrPartitionException when the topic still does not exist after {@code timeout}
     */
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        return partitionsFor(topic, timeout.toMillis(), "the timeout given");
    }

    private List<PartitionInfo> partitionsFor(String topic, long timeoutMs, String timeoutName) {
        String problem = io.brook.protocol.TopicNames.check(topic);
        if (problem != null) {
            throw new InvalidTopicException(problem);
        }
        acquire();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            return metadata.awaitTopic(topic, deadline, timeoutMs, timeoutName).topic(topic).partitions();
        } finally {
            release();
        }
    }

    /** The first offset still in each partition's log. Blocks up to {@code default.api.timeout.ms}. */
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, OffsetLookup.EARLIEST);
    }

    /** The end of each partition's log: its high watermark. Blocks up to {@code default.api.timeout.ms}. */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, OffsetLookup.LATEST);
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, long which) {
        Map<TopicPartition, Long> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, which));
        Map<TopicPartition, OffsetAndTimestamp> found = lookup(request);
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, found.get(tp).offset());
        }
        return out;
    }

    private Map<TopicPartition, OffsetAndTimestamp> lookup(Map<TopicPartition, Long> timestamps) {
        acquire();
        try {
            long timeoutMs = config.defaultApiTimeoutMs();
            CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> f = offsetLookup.lookup(timestamps, timeoutMs);
            f.whenComplete((r, e) -> buffer.signal());
            // the lookup fails by itself at its deadline, with the reason; the slack lets that answer win
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + LOOKUP_SLACK_MS);
            while (!f.isDone()) {
                waitFor(deadline, "looking up offsets of " + timestamps.keySet());
            }
            return Futures.await(f, 0, "offset lookup");
        } finally {
            release();
        }
    }

    /**
     * Returns the records fetched for the assigned partitions, waiting up to {@code timeout} for
     * some to arrive; empty when none did.
     *
     * @throws WakeupException when {@link #wakeup()} was called
     * @throws OffsetOutOfRangeException when a position is out of range and {@code auto.offset.reset} is none
     * @throws NoOffsetForPartitionException when a partition has no position and {@code auto.offset.reset} is none
     * @throws CorruptRecordException when a fetched batch is corrupt
     * @throws IllegalStateException when no partition is assigned
     */
    public ConsumerRecords poll(Duration timeout) {
        acquire();
        try {
            if (subscriptions.assignment().isEmpty()) {
                throw new IllegalStateException("the consumer has no partitions: assign() some before polling");
            }
            long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
            while (true) {
                checkWakeup();
                positions.update();
                Map<TopicPartition, List<ConsumerRecord>> records = collector.collect();
                if (!records.isEmpty()) {
                    return new ConsumerRecords(records);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return ConsumerRecords.empty();
                }
                await(left, true);
            }
        } finally {
            release();
        }
    }

    private void waitFor(long deadlineNanos, String what) {
        checkWakeup();
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException(what + " did not complete within " + config.defaultApiTimeoutMs()
                    + " ms (default.api.timeout.ms)");
        }
        await(left, false);
    }

    private void await(long nanos, boolean dataWakes) {
        try {
            buffer.await(nanos, dataWakes);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
        checkWakeup();
    }

    private void checkWakeup() {
        if (buffer.takeWakeup()) {
            throw new WakeupException();
        }
    }

    /**
     * Makes the current blocking call of this consumer (or the next one) throw
     * {@link WakeupException}. The one method that is safe to call from another thread.
     */
    public void wakeup() {
        buffer.wakeup();
    }

    /** Stops fetching and releases every resource. Idempotent. */
    @Override
    public void close() {
        closing = true;
        acquire();
        try {
            if (closed) {
                return;
            }
            closed = true;
            fetcher.close();
            collector.close();
            buffer.close();
            network.close();
        } finally {
            closing = false;
            release();
        }
    }

    private void acquire() {
        Thread me = Thread.currentThread();
        if (owner.get() != me && !owner.compareAndSet(null, me)) {
            throw new java.util.ConcurrentModificationException("the consumer is in use by thread " + owner.get()
                    + ": it is not safe for use from several threads at once");
        }
        depth++;
        if (closed && !closing) {
            release();
            throw new IllegalStateException("the consumer is closed");
        }
    }

    private void release() {
        if (--depth == 0) {
            owner.set(null);
        }
    }
}
