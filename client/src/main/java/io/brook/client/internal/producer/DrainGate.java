package io.brook.client.internal.producer;

import io.brook.client.TopicPartition;

/**
 * Decides whether the {@link RecordAccumulator} may hand a partition's first batch to the sender
 * now, and hears about each batch it hands over (before the batch is built). An idempotent producer
 * uses it to keep each partition's batches in sequence order ({@link Idempotence}); otherwise it is
 * {@link #OPEN}.
 *
 * <p>Called by the sender thread only, sometimes while a partition's queue monitor is held: an
 * implementation must not block or take other locks.
 */
interface DrainGate {

    /** Lets every batch through and records nothing. */
    DrainGate OPEN = new DrainGate() {
        @Override
        public boolean mayDrain(TopicPartition tp, ProducerBatch head, int leader) {
            return true;
        }

        @Override
        public void onDrained(ProducerBatch batch, int leader) {
        }
    };

    /**
     * @param head the partition's first queued batch
     * @param leader the broker the batch would go to
     */
    boolean mayDrain(TopicPartition tp, ProducerBatch head, int leader);

    /** {@code batch} was taken from its queue for {@code leader}; it has not been built yet. */
    void onDrained(ProducerBatch batch, int leader);
}
