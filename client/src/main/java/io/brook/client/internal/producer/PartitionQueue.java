package io.brook.client.internal.producer;

import io.brook.client.TopicPartition;
import java.util.ArrayDeque;

/**
 * The batches of one partition waiting to be sent, oldest first; the last one is open for appends.
 * Guarded by its own monitor: {@code synchronized (queue)} around every access to {@link #deque}.
 * {@link #muted} belongs to the sender thread alone.
 */
final class PartitionQueue {

    final TopicPartition tp;
    final ArrayDeque<ProducerBatch> deque = new ArrayDeque<>();
    /** A batch of this partition is in flight and ordering is guaranteed (max in flight 1). */
    boolean muted;

    PartitionQueue(TopicPartition tp) {
        this.tp = tp;
    }
}
