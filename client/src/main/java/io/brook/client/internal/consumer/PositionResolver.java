package io.brook.client.internal.consumer;

import io.brook.client.BrookException;
import io.brook.client.NoOffsetForPartitionException;
import io.brook.client.OffsetAndTimestamp;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.Futures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives partitions without a position one: looks up the log's start or end (the pending reset of
 * the partition, else {@code auto.offset.reset}) asynchronously, and when the answer arrives and
 * the partition was not sought meanwhile, sets the position and starts the fetcher there.
 *
 * <p>Owned by the application thread; lookups complete on the event loop and only signal the
 * {@link FetchBuffer} so that a waiting poll wakes up.
 */
public final class PositionResolver {

    private static final Logger log = LoggerFactory.getLogger(PositionResolver.class);

    private record Pending(Map<TopicPartition, Integer> generations,
                           CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> future) {
    }

    private final SubscriptionState subscriptions;
    private final OffsetLookup lookup;
    private final Fetcher fetcher;
    private final FetchBuffer buffer;
    private final long lookupTimeoutMs;
    private final Backoff backoff;
    private final List<Pending> pending = new ArrayList<>();
    private long retryAtNanos;
    private int failures;

    public PositionResolver(SubscriptionState subscriptions, OffsetLookup lookup, Fetcher fetcher, FetchBuffer buffer,
                            long lookupTimeoutMs, Backoff backoff) {
        this.subscriptions = subscriptions;
        this.lookup = lookup;
        this.fetcher = fetcher;
        this.buffer = buffer;
        this.lookupTimeoutMs = lookupTimeoutMs;
        this.backoff = backoff;
    }

    /**
     * Applies finished lookups and starts new ones where needed.
     *
     * @throws NoOffsetForPartitionException when a partition has no position and the strategy is none
     * @throws BrookException when a lookup failed with a non-retriable error
     */
    public void update() {
        applyFinished();
        List<TopicPartition> needing = subscriptions.needingLookup();
        if (needing.isEmpty() || System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        List<TopicPartition> noStrategy = new ArrayList<>();
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        Map<TopicPartition, Integer> generations = new HashMap<>();
        for (TopicPartition tp : needing) {
            SubscriptionState.PartitionState s = subscriptions.state(tp);
            OffsetResetStrategy strategy = s.pendingReset != null ? s.pendingReset : subscriptions.defaultReset();
            if (strategy == OffsetResetStrategy.NONE) {
                noStrategy.add(tp);
                continue;
            }
            s.pendingReset = strategy;
            s.lookupInFlight = true;
            timestamps.put(tp, strategy == OffsetResetStrategy.EARLIEST ? OffsetLookup.EARLIEST : OffsetLookup.LATEST);
            generations.put(tp, s.generation);
        }
        if (!timestamps.isEmpty()) {
            CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> f = lookup.lookup(timestamps, lookupTimeoutMs);
            f.whenComplete((r, e) -> buffer.signal());
            pending.add(new Pending(generations, f));
        }
        if (!noStrategy.isEmpty()) {
            throw new NoOffsetForPartitionException("no position for " + noStrategy + " and auto.offset.reset is none:"
                    + " seek() to an offset, or use seekToBeginning()/seekToEnd(), before polling");
        }
    }

    private void applyFinished() {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.future.isDone()) {
                continue;
            }
            it.remove();
            Map<TopicPartition, OffsetAndTimestamp> result;
            try {
                result = p.future.join();
            } catch (RuntimeException e) {
                release(p);
                BrookException error = Futures.toBrook(e);
                failures++;
                retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(failures));
                if (!error.isRetriable()) {
                    throw error;
                }
                if (failures == 1) {
                    log.warn("cannot look up the start positions of {} yet, retrying: {}", p.generations.keySet(),
                            error.getMessage());
                }
                continue;
            }
            failures = 0;
            for (Map.Entry<TopicPartition, Integer> e : p.generations.entrySet()) {
                TopicPartition tp = e.getKey();
                SubscriptionState.PartitionState s = subscriptions.state(tp);
                if (s == null || s.generation != e.getValue() || !s.lookupInFlight) {
                    continue;
                }
                s.lookupInFlight = false;
                OffsetAndTimestamp found = result.get(tp);
                if (found != null && found.offset() >= 0) {
                    int generation = subscriptions.seek(tp, found.offset());
                    buffer.discard(tp);
                    fetcher.start(tp, found.offset(), generation);
                }
            }
        }
    }

    private void release(Pending p) {
        for (Map.Entry<TopicPartition, Integer> e : p.generations.entrySet()) {
            SubscriptionState.PartitionState s = subscriptions.state(e.getKey());
            if (s != null && s.generation == e.getValue()) {
                s.lookupInFlight = false;
            }
        }
    }
}
