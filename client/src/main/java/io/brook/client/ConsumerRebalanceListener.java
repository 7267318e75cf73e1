package io.brook.client;

import java.util.Collection;

/**
 * Told when the consumer's group assignment changes, as Kafka's. Every method runs on the
 * application thread, inside {@link Consumer#poll} (or {@link Consumer#unsubscribe} /
 * {@link Consumer#close}), so it may call the consumer (commit, seek, position).
 *
 * <p>Brook rebalances incrementally: each call names only the partitions that move. A partition
 * whose ownership does not change is never revoked and re-assigned.
 */
public interface ConsumerRebalanceListener {

    /**
     * The partitions are taken from this consumer; it still owns them while this runs, so this is
     * the place to commit their offsets (with auto-commit the consumer has already committed the
     * positions of the records it returned). Once it returns, they are no longer fetched, and the
     * coordinator may give them to another member.
     */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /**
     * The partitions were given to this consumer; their positions are the group's committed offsets
     * (or {@code auto.offset.reset} without one). Called only with a non-empty set.
     */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /**
     * The partitions were lost: the consumer was fenced or its session expired, and they may already
     * belong to another member, so their offsets can no longer be committed. By default the same as
     * {@link #onPartitionsRevoked}.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
