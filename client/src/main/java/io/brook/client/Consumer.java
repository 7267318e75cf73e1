package io.brook.client;

import io.brook.client.internal.Backoff;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Futures;
import io.brook.client.internal.consumer.AssignmentChanger;
import io.brook.client.internal.consumer.FetchBuffer;
import io.brook.client.internal.consumer.Fetcher;
import io.brook.client.internal.consumer.OffsetLookup;
import io.brook.client.internal.consumer.PositionResolver;
import io.brook.client.internal.consumer.RecordCollector;
import io.brook.client.internal.consumer.SubscriptionState;
import io.brook.client.internal.consumer.group.Committer;
import io.brook.client.internal.consumer.group.Coordinator;
import io.brook.client.internal.consumer.group.GroupSubscription;
import io.brook.client.internal.consumer.group.MembershipManager;
import io.brook.client.internal.consumer.group.OffsetRequests;
import io.brook.client.internal.consumer.group.Reconciler;
import io.brook.client.internal.metadata.Cluster;
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
import java.util.regex.Pattern;

/**
 * Reads records, like Kafka's consumer: either as a member of a consumer group
 * ({@code group.id} and {@link #subscribe}), which shares the partitions of the subscribed topics
 * among its members and keeps their committed offsets, or from partitions the application assigns
 * itself ({@link #assign}), without a group.
 *
 * <pre>{@code
 * ConsumerConfig config = ConsumerConfig.builder().groupId("billing").autoOffsetReset(OffsetResetStrategy.EARLIEST).build();
 * try (Consumer consumer = new Consumer(config)) {
 *     consumer.subscribe(List.of("orders"));
 *     while (running) {
 *         for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>A group member heartbeats to the group's coordinator on the network thread; the coordinator
 * answers with the partitions the member may consume now, and {@link #poll} applies a change
 * incrementally (see {@link ConsumerRebalanceListener}): only the partitions that move are
 * revoked or assigned, the others keep being fetched. A newly assigned partition starts at the
 * group's committed offset, else where {@code auto.offset.reset} says. With
 * {@code enable.auto.commit} (the default with a group), the positions of the records returned by
 * earlier polls are committed every {@code auto.commit.interval.ms}, before partitions are revoked,
 * and on close. {@link #close()} leaves the group at once, so its partitions move without waiting
 * for the session to expire.
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
    private final AssignmentChanger changer;
    private final GroupSubscription subscription = new GroupSubscription();
    /** The group machinery; all {@code null} without {@code group.id}. */
    private final OffsetRequests offsetRequests;
    private final MembershipManager membership;
    private final Committer committer;
    private final Reconciler reconciler;
    private CompletableFuture<Cluster> watchedRefresh;
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
        this.changer = new AssignmentChanger(subscriptions, buffer, collector, fetcher, metadata);
        if (config.groupId() == null) {
            this.offsetRequests = null;
            this.membership = null;
            this.committer = null;
            this.reconciler = null;
            return;
        }
        Coordinator coordinator = new Coordinator(network, metadata, config.groupId(), config.requestTimeoutMs());
        this.offsetRequests = new OffsetRequests(coordinator, backoff);
        this.membership = new MembershipManager(coordinator, network.eventLoop(), new MembershipManager.Settings(
                config.groupInstanceId(), config.maxPollIntervalMs(), config.groupRemoteAssignor(), config.clientId(),
                config.maxPollIntervalMs()), backoff, buffer::signal);
        this.committer = new Committer(offsetRequests, subscriptions, membership::identity, config.enableAutoCommit(),
                config.autoCommitIntervalMs(), config.defaultApiTimeoutMs());
        this.reconciler = new Reconciler(membership, subscriptions, changer, committer, offsetRequests,
                config.defaultApiTimeoutMs(), buffer::signal);
    }

    public ConsumerConfig config() {
        return config;
    }

    /**
     * Replaces the set of partitions this consumer reads, without a group. Partitions it keeps keep
     * their positions; new ones start without one (see {@code auto.offset.reset}). An empty set is
     * the same as {@link #unsubscribe()}.
     *
     * @throws IllegalStateException when the consumer is subscribed (call {@link #unsubscribe()} first)
     */
    public void assign(Collection<TopicPartition> partitions) {
        acquire();
        try {
            for (TopicPartition tp : partitions) {
                Objects.requireNonNull(tp, "partition");
            }
            if (partitions.isEmpty()) {
                unsubscribe();
                return;
            }
            subscription.assigned();
            changer.assign(partitions);
        } finally {
            release();
        }
    }

    /**
     * Joins the consumer's group ({@code group.id}) to consume {@code topics}, sharing their
     * partitions with the other members; replaces an earlier subscription. The partitions arrive
     * during later polls; partitions of topics no longer subscribed are revoked (with the listener)
     * when the coordinator takes them back. An empty collection is the same as {@link #unsubscribe()}.
     *
     * @throws InvalidConfigException when {@code group.id} is not set
     * @throws IllegalStateException when partitions were assigned with {@link #assign}
     */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    /**
     * As {@link #subscribe(Collection)}, telling {@code listener} (may be null) about the partitions
     * revoked, assigned and lost.
     */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        Objects.requireNonNull(topics, "topics");
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("topic names to subscribe to must not be null or blank, got " + topics);
            }
        }
        acquire();
        try {
            requireGroup("subscribe()");
            if (topics.isEmpty()) {
                unsubscribe();
                return;
            }
            List<String> sorted = subscription.subscribe(topics, listener);
            metadata.setAllTopics(false);
            membership.subscribe(sorted);
        } finally {
            release();
        }
    }

    /**
     * Joins the consumer's group to consume every topic whose whole name matches {@code pattern},
     * resolved on the client against the metadata of all topics (refreshed every
     * {@code metadata.max.age.ms}; topics starting with {@code __} are internal and never match).
     * A topic created later that matches is picked up at a refresh.
     *
     * @throws InvalidConfigException when {@code group.id} is not set
     * @throws IllegalStateException when partitions were assigned with {@link #assign}
     */
    public void subscribe(Pattern pattern) {
        subscribe(pattern, null);
    }

    /** As {@link #subscribe(Pattern)}, with a rebalance listener (may be null). */
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        Objects.requireNonNull(pattern, "pattern");
        acquire();
        try {
            requireGroup("subscribe()");
            subscription.subscribe(pattern, listener);
            metadata.setAllTopics(true);
            List<String> matched = subscription.resolve(metadata.cluster());
            membership.subscribe(matched != null ? matched : List.copyOf(subscription.topics()));
            watchMetadata();
        } finally {
            release();
        }
    }

    /**
     * Leaves the group (giving up the partitions as on close: auto-commit, then
     * {@code onPartitionsRevoked}) or forgets the assigned partitions. The consumer may then
     * {@code subscribe} or {@code assign} again.
     */
    public void unsubscribe() {
        acquire();
        try {
            if (subscription.isGroupMember()) {
                try {
                    reconciler.revokeAll(subscription.listener());
                } finally {
                    membership.leave();
                    metadata.setAllTopics(false);
                }
            }
            subscription.unsubscribe();
            changer.assign(List.of());
        } finally {
            release();
        }
    }

    /** The topics subscribed to (for a pattern: those it matches now); empty when not subscribed. */
    public Set<String> subscription() {
        acquire();
        try {
            return subscription.isGroupMember() ? subscription.topics() : Set.of();
        } finally {
            release();
        }
    }

    /**
     * Commits the positions of every partition consumed (the offset after the last record returned
     * by poll) to the group, and waits up to {@code default.api.timeout.ms}. Earlier
     * {@link #commitAsync} calls complete first (their callbacks run before this returns), and
     * {@link #wakeup()} interrupts the wait.
     *
     * @throws CommitFailedException when the group membership changed since (the partitions may
     *     belong to another member): nothing was committed
     * @throws TimeoutException when the coordinator could not be reached in time
     * @throws InvalidConfigException when {@code group.id} is not set
     */
    public void commitSync() {
        commitSync(Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /** As {@link #commitSync()}, waiting up to {@code timeout}. */
    public void commitSync(Duration timeout) {
        acquire();
        try {
            requireGroup("commitSync()");
            commit(committer.consumed(), timeout.toMillis());
        } finally {
            release();
        }
    }

    /**
     * Commits the given offsets (each the offset of the next record to consume) and waits up to
     * {@code default.api.timeout.ms}; the partitions need not be assigned. Exceptions as
     * {@link #commitSync()}.
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /** As {@link #commitSync(Map)}, waiting up to {@code timeout}. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        Objects.requireNonNull(offsets, "offsets");
        acquire();
        try {
            requireGroup("commitSync()");
            commit(offsets, timeout.toMillis());
        } finally {
            release();
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, long timeoutMs) {
        awaitFuture(committer.commitAfterPending(offsets, timeoutMs), timeoutMs, "committing offsets");
        committer.runCallbacks();
    }

    /** Commits the consumed positions without waiting; a failure is logged. */
    public void commitAsync() {
        commitAsync(null);
    }

    /**
     * Commits the consumed positions without waiting; {@code callback} (may be null) runs on this
     * thread from a later call of the consumer (poll, commitSync, close).
     */
    public void commitAsync(OffsetCommitCallback callback) {
        acquire();
        try {
            requireGroup("commitAsync()");
            committer.commitAsync(committer.consumed(), callback);
        } finally {
            release();
        }
    }

    /** Commits the given offsets without waiting; {@code callback} as in {@link #commitAsync(OffsetCommitCallback)}. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        Objects.requireNonNull(offsets, "offsets");
        acquire();
        try {
            requireGroup("commitAsync()");
            committer.commitAsync(offsets, callback);
        } finally {
            release();
        }
    }

    /**
     * The group's committed offsets of {@code partitions}; a partition without one maps to
     * {@code null}. Blocks up to {@code default.api.timeout.ms}.
     *
     * @throws InvalidConfigException when {@code group.id} is not set
     */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /** As {@link #committed(Set)}, blocking up to {@code timeout}. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        Objects.requireNonNull(partitions, "partitions");
        acquire();
        try {
            requireGroup("committed()");
            if (partitions.isEmpty()) {
                return Map.of();
            }
            long ms = timeout.toMillis();
            return awaitFuture(offsetRequests.fetch(partitions, ms), ms, "fetching the committed offsets of " + partitions);
        } finally {
            release();
        }
    }

    /**
     * Asks the coordinator to look at this member again: the next heartbeat goes out at once and
     * carries the member's full state (subscription and owned partitions), as after a reconnect.
     * Brook's coordinator computes assignments itself, so this moves partitions only if the
     * coordinator's target differs from what the member owns; it is the way to resynchronise a
     * member that suspects the coordinator has a stale view of it.
     *
     * @throws IllegalStateException when the consumer is not subscribed
     */
    public void enforceRebalance() {
        acquire();
        try {
            if (!subscription.isGroupMember()) {
                throw new IllegalStateException("enforceRebalance() needs a subscription: call subscribe() first");
            }
            membership.enforceRebalance();
        } finally {
            release();
        }
    }

    private void requireGroup(String what) {
        if (membership == null) {
            throw new InvalidConfigException(what + " needs a consumer group, and " + ConsumerConfig.GROUP_ID
                    + " is not set: set group.id in the consumer's config (or use assign() and keep positions yourself)");
        }
    }

    /** Re-resolves a pattern subscription when the metadata changed, and keeps the metadata fresh. */
    private void maybeResolvePattern() {
        if (subscription.mode() != GroupSubscription.Mode.PATTERN) {
            return;
        }
        List<String> changed = subscription.resolve(metadata.cluster());
        if (changed != null) {
            membership.subscribe(changed);
        }
        watchMetadata();
    }

    private void watchMetadata() {
        CompletableFuture<Cluster> refresh = metadata.refreshIfNeeded();
        if (refresh != null && refresh != watchedRefresh) {
            watchedRefresh = refresh;
            refresh.whenComplete((c, e) -> buffer.signal());
        }
    }

    /** The partitions the consumer reads: those assigned with {@link #assign}, or given by its group. */
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
            subscriptions.assigned(partition);
            changer.seek(partition, offset, -1);
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
                changer.dropFetched(tp);
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
            return awaitFuture(offsetLookup.lookup(timestamps, timeoutMs), timeoutMs,
                    "looking up offsets of " + timestamps.keySet());
        } finally {
            release();
        }
    }

    /**
     * Waits for {@code f}, which fails by itself at its deadline ({@code timeoutMs}) with the
     * reason; the slack lets that answer win. A {@link #wakeup()} interrupts the wait.
     */
    private <T> T awaitFuture(CompletableFuture<T> f, long timeoutMs, String what) {
        f.whenComplete((r, e) -> buffer.signal());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + LOOKUP_SLACK_MS);
        while (!f.isDone()) {
            checkWakeup();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(what + " did not complete within " + timeoutMs + " ms");
            }
            await(left, false);
        }
        return Futures.await(f, 0, what);
    }

    /**
     * Returns the records fetched for the assigned partitions, waiting up to {@code timeout} for
     * some to arrive; empty when none did.
     *
     * @throws WakeupException when {@link #wakeup()} was called
     * @throws OffsetOutOfRangeException when a position is out of range and {@code auto.offset.reset} is none
     * @throws NoOffsetForPartitionException when a partition has no position and {@code auto.offset.reset} is none
     * @throws CorruptRecordException when a fetched batch is corrupt
     * @throws IllegalStateException when the consumer neither subscribed nor has assigned partitions
     * @throws BrookException a non-retriable group error (an invalid group id, ...), or the exception
     *     a {@link ConsumerRebalanceListener} threw
     */
    public ConsumerRecords poll(Duration timeout) {
        acquire();
        try {
            boolean member = subscription.isGroupMember();
            if (!member && subscriptions.assignment().isEmpty()) {
                throw new IllegalStateException("the consumer has no partitions: subscribe() to topics or assign()"
                        + " partitions before polling");
            }
            if (member) {
                membership.polled();
            }
            long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
            while (true) {
                checkWakeup();
                if (committer != null) {
                    committer.maybeAutoCommit();
                }
                if (member) {
                    maybeResolvePattern();
                    reconciler.reconcile(subscription.listener());
                }
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

    /**
     * Leaves the group at once if subscribed (after auto-committing the consumed positions and
     * calling {@code onPartitionsRevoked}; a static member leaves with epoch -2, keeping its
     * partitions for a restart within the session timeout), commits the consumed positions of
     * assigned partitions with auto-commit, stops fetching and releases every resource. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        acquire();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                leaveGroup();
            } finally {
                closeResources();
            }
        } finally {
            closing = false;
            release();
        }
    }

    private void leaveGroup() {
        if (membership == null) {
            return;
        }
        try {
            if (subscription.isGroupMember()) {
                try {
                    reconciler.revokeAll(subscription.listener());
                } finally {
                    Futures.await(membership.leave(), config.requestTimeoutMs(), "leaving the group");
                }
            } else {
                committer.autoCommitBeforeLosing(subscriptions.assignment(), config.defaultApiTimeoutMs());
            }
            committer.runCallbacks();
        } catch (BrookException e) {
            org.slf4j.LoggerFactory.getLogger(Consumer.class).warn("leaving group {} on close failed: {}",
                    config.groupId(), e.getMessage());
        }
    }

    private void closeResources() {
        fetcher.close();
        collector.close();
        buffer.close();
        network.close();
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
