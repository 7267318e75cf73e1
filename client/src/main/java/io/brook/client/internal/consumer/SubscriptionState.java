package io.brook.client.internal.consumer;

import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumer's assigned partitions and, per partition, its position (the offset of the next
 * record poll returns), a pending reset (to the earliest or latest offset, resolved with
 * ListOffsets) and a generation that every seek increments, so that data fetched for an older
 * position is recognised and dropped.
 *
 * <p>Owned by the application thread that uses the consumer; not thread-safe.
 */
public final class SubscriptionState {

    /** Per-partition state. */
    public static final class PartitionState {
        /** -1 when unknown. */
        long position = -1;
        /** Non-null while the position must be (re)resolved from the log's start or end. */
        OffsetResetStrategy pendingReset;
        int generation;
        /** Whether an offset lookup for the pending reset is running. */
        boolean lookupInFlight;
        /** The Raft term of the record before the position, or -1 when unknown. */
        int lastTerm = -1;

        public int lastTerm() {
            return lastTerm;
        }

        public long position() {
            return position;
        }

        public int generation() {
            return generation;
        }

        public boolean hasPosition() {
            return position >= 0;
        }
    }

    private final OffsetResetStrategy defaultReset;
    private final Map<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();

    public SubscriptionState(OffsetResetStrategy defaultReset) {
        this.defaultReset = defaultReset;
    }

    public OffsetResetStrategy defaultReset() {
        return defaultReset;
    }

    /**
     * Replaces the assignment. Partitions kept keep their positions; new ones start without one.
     *
     * @return the partitions removed
     */
    public List<TopicPartition> assign(Collection<TopicPartition> partitions) {
        Set<TopicPartition> next = new LinkedHashSet<>(partitions);
        List<TopicPartition> removed = new ArrayList<>();
        for (TopicPartition tp : assignment.keySet()) {
            if (!next.contains(tp)) {
                removed.add(tp);
            }
        }
        removed.forEach(assignment::remove);
        for (TopicPartition tp : next) {
            assignment.computeIfAbsent(tp, k -> new PartitionState());
        }
        return removed;
    }

    public Set<TopicPartition> assignment() {
        return java.util.Collections.unmodifiableSet(assignment.keySet());
    }

    /** @return the state, or {@code null} when {@code tp} is not assigned */
    public PartitionState state(TopicPartition tp) {
        return assignment.get(tp);
    }

    /**
     * @throws IllegalStateException when {@code tp} is not assigned
     */
    public PartitionState assigned(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        if (s == null) {
            throw new IllegalStateException("partition " + tp + " is not assigned to this consumer: assign() it first");
        }
        return s;
    }

    /** Sets the position; returns the new generation. */
    public int seek(TopicPartition tp, long offset) {
        return seek(tp, offset, -1);
    }

    /** Sets the position, knowing the term of the record before it (-1 when unknown); returns the new generation. */
    public int seek(TopicPartition tp, long offset, int term) {
        PartitionState s = assigned(tp);
        s.position = offset;
        s.lastTerm = term;
        s.pendingReset = null;
        s.lookupInFlight = false;
        return ++s.generation;
    }

    /** Forgets the position until a lookup resolves it with {@code strategy}; returns the new generation. */
    public int requestReset(TopicPartition tp, OffsetResetStrategy strategy) {
        PartitionState s = assigned(tp);
        s.position = -1;
        s.lastTerm = -1;
        s.pendingReset = strategy;
        s.lookupInFlight = false;
        return ++s.generation;
    }

    /** Advances the position while draining fetched records (same generation); {@code term} -1 keeps the known one. */
    public void advance(TopicPartition tp, long position, int term) {
        PartitionState s = assignment.get(tp);
        if (s != null) {
            s.position = position;
            if (term >= 0) {
                s.lastTerm = term;
            }
        }
    }

    /** The assigned partitions that have no position and no lookup running. */
    public List<TopicPartition> needingLookup() {
        List<TopicPartition> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, PartitionState> e : assignment.entrySet()) {
            PartitionState s = e.getValue();
            if (s.position < 0 && !s.lookupInFlight) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Every assigned partition's topic. */
    public Set<String> topics() {
        Set<String> out = new LinkedHashSet<>();
        for (TopicPartition tp : assignment.keySet()) {
            out.add(tp.topic());
        }
        return out;
    }
}
