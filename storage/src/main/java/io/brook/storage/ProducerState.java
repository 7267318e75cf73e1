package io.brook.storage;

import io.brook.protocol.record.RecordBatch;
import java.util.List;
import java.util.Optional;

/**
 * The idempotent-producer state of one partition (issue 11): for each producer id, its epoch, its
 * last {@value ProducerEntry#CACHED_BATCHES} batches (sequence range and offsets) and its last
 * timestamp, equal to the state after every batch in the log. The log keeps it up to date on every
 * append (leader and follower), truncation and reset; the leader asks it about each idempotent batch
 * before {@link PartitionLog#appendAsLeader}, and the broker expires idle producers.
 *
 * <h2>Rules (Kafka's)</h2>
 * <ul>
 * <li>A producer id the partition has no state for may start at any sequence: its state may have
 * expired ({@link #expire}), or never reached this replica's table (a log reset by
 * {@link PartitionLog#truncateFullyAndStartAt}, or a rebuild after retention deleted the batches and
 * the snapshot that held it).</li>
 * <li>An epoch lower than the current one is {@link SequenceCheck.Outcome#FENCED}.</li>
 * <li>A batch with the current epoch whose sequence range equals one of the cached batches' is a
 * {@link SequenceCheck.Outcome#DUPLICATE}, answered with that batch's offsets.</li>
 * <li>Otherwise, with the current epoch, the first sequence must follow the newest batch's last
 * one (after {@link Integer#MAX_VALUE} comes 0), and with a higher epoch it must be 0; anything else
 * is {@link SequenceCheck.Outcome#OUT_OF_ORDER}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Owned by the partition's owner thread, the one that appends: every method here is for it only.
 * Checking allocates nothing and throws nothing for an in-sequence batch.
 *
 * <p>Retention does not remove producers: a producer whose batches were all deleted keeps its
 * state until it expires, so it can still be told apart from a new one.
 */
public interface ProducerState {

    /**
     * Checks a batch of an idempotent producer before the leader appends it.
     *
     * @param firstSeq the batch's base sequence
     * @param lastSeq the sequence of its last record, {@link #lastSequence} of the base sequence and
     *     record count
     * @return {@link SequenceCheck#APPEND} (always for {@code producerId < 0}), or why not
     */
    SequenceCheck check(long producerId, short epoch, int firstSeq, int lastSeq);

    /** {@link #check(long, short, int, int)} with the fields of a batch header. */
    default SequenceCheck check(RecordBatch batch) {
        return check(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                lastSequence(batch.baseSequence(), batch.recordCount()));
    }

    /**
     * Removes the producers whose last timestamp is {@code expirationMs} or more before
     * {@code nowMs} (Kafka's {@code producer.id.expiration.ms}, default one day). The broker calls
     * it periodically, and after the log opens: a rebuild replays producers that had expired if
     * their batches are still after the newest snapshot.
     *
     * @return how many were removed
     */
    int expire(long nowMs, long expirationMs);

    /** Number of producers with state. */
    int size();

    /** A copy of one producer's state, if the partition has any. */
    Optional<ProducerEntry> entry(long producerId);

    /** Copies of every producer's state, by producer id. */
    List<ProducerEntry> entries();

    /**
     * The sequence of the last record of a batch: {@code baseSequence + recordCount - 1}, wrapping
     * from {@link Integer#MAX_VALUE} to 0 as producers do.
     */
    static int lastSequence(int baseSequence, int recordCount) {
        return (int) ((baseSequence + (long) recordCount - 1) & Integer.MAX_VALUE);
    }
}
