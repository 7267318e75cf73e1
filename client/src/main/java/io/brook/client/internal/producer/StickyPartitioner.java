package io.brook.client.internal.producer;

import io.brook.client.internal.metadata.Cluster;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the partition of records without key or explicit partition: all go to one "sticky"
 * partition per topic until its batch is complete (full, or taken by the sender), then another one
 * is picked at random among the partitions that have a leader. Batches stay large without
 * starving any partition (Kafka's sticky partitioner, KIP-480).
 *
 * <p>Thread-safe: one atomic per topic, changed by compare-and-set so that concurrent senders that
 * see the same complete batch move on only once.
 */
public final class StickyPartitioner {

    private final ConcurrentHashMap<String, AtomicInteger> sticky = new ConcurrentHashMap<>();

    /** The current sticky partition of {@code topic}. */
    public int partition(String topic, Cluster.TopicInfo info) {
        AtomicInteger current = sticky.get(topic);
        if (current == null) {
            current = sticky.computeIfAbsent(topic, t -> new AtomicInteger(-1));
        }
        int p = current.get();
        if (p >= 0 && p < info.partitionCount()) {
            return p;
        }
        return next(current, p, info);
    }

    /**
     * Called when a record for {@code previous} would open a new batch: moves the topic to another
     * partition (unless someone already did).
     *
     * @return the partition to use now
     */
    public int onNewBatch(String topic, Cluster.TopicInfo info, int previous) {
        AtomicInteger current = sticky.computeIfAbsent(topic, t -> new AtomicInteger(-1));
        int p = current.get();
        if (p != previous && p >= 0 && p < info.partitionCount()) {
            return p;
        }
        return next(current, previous, info);
    }

    private static int next(AtomicInteger current, int previous, Cluster.TopicInfo info) {
        int chosen = choose(info, previous);
        if (current.compareAndSet(previous, chosen)) {
            return chosen;
        }
        int now = current.get();
        return now >= 0 && now < info.partitionCount() ? now : chosen;
    }

    private static int choose(Cluster.TopicInfo info, int avoid) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int available = info.availableCount();
        if (available == 0) {
            return random.nextInt(info.partitionCount());
        }
        if (available == 1) {
            return info.available(0);
        }
        int p = info.available(random.nextInt(available));
        while (p == avoid) {
            p = info.available(random.nextInt(available));
        }
        return p;
    }
}
