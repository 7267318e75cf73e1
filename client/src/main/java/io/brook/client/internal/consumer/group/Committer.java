package io.brook.client.internal.consumer.group;

import io.brook.client.BrookException;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.OffsetCommitCallback;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Futures;
import io.brook.client.internal.consumer.SubscriptionState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's offset commits: synchronous and asynchronous commits for the application, the
 * callbacks of asynchronous ones (run on the application thread, in commit order, from the next
 * consumer call), and auto-commit, which commits the consumed positions (the offsets after the
 * records that earlier polls returned, never beyond) every {@code auto.commit.interval.ms}.
 *
 * <p>Owned by the application thread; commits complete on the event loop and only queue their
 * callbacks.
 */
public final class Committer {

    private static final Logger log = LoggerFactory.getLogger(Committer.class);

    private record Completed(OffsetCommitCallback callback, Map<TopicPartition, OffsetAndMetadata> offsets,
                             Exception error) {
    }

    private final OffsetRequests requests;
    private final SubscriptionState subscriptions;
    private final Supplier<OffsetRequests.MemberIdentity> member;
    private final boolean autoCommit;
    private final long intervalNanos;
    private final long defaultTimeoutMs;
    private final Queue<Completed> completed = new ConcurrentLinkedQueue<>();
    private CompletableFuture<Void> lastAsync = CompletableFuture.completedFuture(null);
    private long nextAutoCommitNanos;

    public Committer(OffsetRequests requests, SubscriptionState subscriptions, Supplier<OffsetRequests.MemberIdentity> member,
                     boolean autoCommit, long intervalMs, long defaultTimeoutMs) {
        this.requests = requests;
        this.subscriptions = subscriptions;
        this.member = member;
        this.autoCommit = autoCommit;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.defaultTimeoutMs = defaultTimeoutMs;
        this.nextAutoCommitNanos = System.nanoTime() + intervalNanos;
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    /** The consumed positions of every assigned partition that has one, with the term of the last record. */
    public Map<TopicPartition, OffsetAndMetadata> consumed() {
        return consumed(subscriptions.assignment());
    }

    /** The consumed positions of {@code partitions} (those assigned with a position). */
    public Map<TopicPartition, OffsetAndMetadata> consumed(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            SubscriptionState.PartitionState s = subscriptions.state(tp);
            if (s != null && s.hasPosition()) {
                out.put(tp, new OffsetAndMetadata(s.position(), s.lastTerm(), ""));
            }
        }
        return out;
    }

    /**
     * Commits and waits, running the callbacks of earlier asynchronous commits first.
     *
     * @throws io.brook.client.CommitFailedException when the group membership changed
     * @throws io.brook.client.TimeoutException when the coordinator could not be reached in time
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long timeoutMs) {
        Futures.await(commitAfterPending(offsets, timeoutMs), timeoutMs + 1_000, "committing offsets");
        runCallbacks();
    }

    /**
     * Commits once the earlier asynchronous commits completed (so that commits land in the order
     * they were made), without blocking; runs the callbacks already due.
     */
    public CompletableFuture<Void> commitAfterPending(Map<TopicPartition, OffsetAndMetadata> offsets, long timeoutMs) {
        runCallbacks();
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        return lastAsync.handle((v, e) -> null).thenCompose(v -> copy.isEmpty()
                ? CompletableFuture.<Void>completedFuture(null) : requests.commit(copy, member, timeoutMs));
    }

    /** Commits without waiting; {@code callback} (may be null) runs from a later consumer call. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        runCallbacks();
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        if (copy.isEmpty()) {
            if (callback != null) {
                completed.add(new Completed(callback, copy, null));
            }
            return;
        }
        CompletableFuture<Void> f = requests.commit(copy, member, defaultTimeoutMs);
        lastAsync = f;
        f.whenComplete((v, e) -> {
            Exception error = e == null ? null : Futures.toBrook(e);
            if (callback != null) {
                completed.add(new Completed(callback, copy, error));
            } else if (error != null) {
                log.warn("asynchronous commit of {} failed: {}", copy.keySet(), error.getMessage());
            }
        });
    }

    /** In {@code poll}: commits the consumed positions when auto-commit is on and the interval passed. */
    public void maybeAutoCommit() {
        runCallbacks();
        if (!autoCommit || System.nanoTime() - nextAutoCommitNanos < 0 || !lastAsync.isDone()) {
            return;
        }
        nextAutoCommitNanos = System.nanoTime() + intervalNanos;
        Map<TopicPartition, OffsetAndMetadata> offsets = consumed();
        if (!offsets.isEmpty()) {
            commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    log.warn("auto-commit of {} failed: {}", o.keySet(), e.getMessage());
                }
            });
        }
    }

    /**
     * Before partitions are revoked, and on close: with auto-commit, commits the consumed positions
     * of {@code partitions} and waits; a failure is logged, not thrown (the partitions go anyway).
     */
    public void autoCommitBeforeLosing(Collection<TopicPartition> partitions, long timeoutMs) {
        if (!autoCommit) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = consumed(partitions);
        try {
            commitSync(offsets, timeoutMs);
        } catch (BrookException e) {
            log.warn("committing the positions of {} before giving them up failed: {}", offsets.keySet(), e.getMessage());
        }
    }

    /** Runs the callbacks of completed asynchronous commits. */
    public void runCallbacks() {
        Completed c;
        while ((c = completed.poll()) != null) {
            c.callback.onComplete(c.offsets, c.error);
        }
    }
}
