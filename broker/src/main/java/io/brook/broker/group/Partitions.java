package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Sorted, unmodifiable sets of partitions: the one ordering every decision of this package uses, so
 * that the same inputs give the same assignment and the same events on every coordinator.
 */
final class Partitions {

    /** Topic by name, then partition by number. */
    static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private static final SortedSet<TopicPartition> EMPTY = Collections.unmodifiableSortedSet(new TreeSet<>(ORDER));

    private Partitions() {}

    static SortedSet<TopicPartition> empty() {
        return EMPTY;
    }

    /** An unmodifiable sorted copy of {@code partitions}. */
    static SortedSet<TopicPartition> of(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return EMPTY;
        }
        TreeSet<TopicPartition> copy = new TreeSet<>(ORDER);
        copy.addAll(partitions);
        return Collections.unmodifiableSortedSet(copy);
    }

    /** A mutable sorted set, for building one. */
    static TreeSet<TopicPartition> builder() {
        return new TreeSet<>(ORDER);
    }

    static SortedSet<TopicPartition> minus(Collection<TopicPartition> from, Collection<TopicPartition> removed) {
        TreeSet<TopicPartition> result = builder();
        result.addAll(from);
        result.removeAll(removed);
        return of(result);
    }

    static SortedSet<TopicPartition> intersection(Collection<TopicPartition> a, Collection<TopicPartition> b) {
        TreeSet<TopicPartition> result = builder();
        result.addAll(a);
        result.retainAll(b);
        return of(result);
    }

    static boolean intersects(Collection<TopicPartition> a, Collection<TopicPartition> b) {
        for (TopicPartition partition : a) {
            if (b.contains(partition)) {
                return true;
            }
        }
        return false;
    }
}
