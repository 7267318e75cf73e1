package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Computes a group's target assignment: which member should own which partition once reconciliation
 * is done. It must be deterministic (the same spec gives the same result on every coordinator) and
 * give each partition of a subscribed topic to exactly one member that subscribes to its topic.
 */
public interface Assignor {

    /** The name a group configures it by ({@code uniform} or {@code range}). */
    String name();

    /** The target, by member id; every member of the spec has an entry, perhaps empty. */
    SortedMap<String, SortedSet<TopicPartition>> assign(AssignmentSpec spec);

    /** The assignor a group uses when it names none. */
    static Assignor defaultAssignor() {
        return new UniformStickyAssignor();
    }

    /** The assignor called {@code name}. */
    static Assignor named(String name) {
        return switch (name) {
            case "uniform" -> new UniformStickyAssignor();
            case "range" -> new RangeAssignor();
            default -> throw new IllegalArgumentException("unknown assignor '" + name + "': use uniform or range");
        };
    }
}
