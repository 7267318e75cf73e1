package io.brook.storage;

import java.util.List;

/**
 * A copy of what a partition knows about one idempotent producer, for tests, metrics and tools
 * ({@link ProducerState#entry}, {@link ProducerState#entries}). Immutable; taking it allocates, so
 * it is not for the produce path.
 *
 * @param producerId the producer id
 * @param epoch its current epoch: the epoch of its newest batch in the log
 * @param lastTimestamp the largest record timestamp of its newest batch (ms): what expiration
 *     compares with {@code producer.id.expiration.ms}
 * @param batches its newest batches, at most {@link #CACHED_BATCHES}, oldest first; only batches of
 *     the current epoch (an epoch bump forgets the older ones)
 */
public record ProducerEntry(long producerId, short epoch, long lastTimestamp, List<BatchMetadata> batches) {

    /** How many of a producer's newest batches are remembered for duplicate detection (Kafka's 5). */
    public static final int CACHED_BATCHES = 5;

    public ProducerEntry {
        batches = List.copyOf(batches);
    }

    /**
     * Where one batch of the producer sits in the log.
     *
     * @param firstSeq sequence number of its first record
     * @param lastSeq sequence number of its last record (wrapping from {@link Integer#MAX_VALUE} to 0)
     * @param firstOffset offset of its first record
     * @param lastOffset offset of its last record
     */
    public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset) {}
}
