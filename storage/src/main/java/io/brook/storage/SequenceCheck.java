package io.brook.storage;

/**
 * What the partition's producer state says about a batch an idempotent producer wants appended
 * ({@link ProducerState#check}). The leader appends only on {@link Outcome#APPEND}; on
 * {@link Outcome#DUPLICATE} it answers with the offsets the batch got the first time, without
 * appending; the other outcomes are errors for the producer.
 *
 * <p>{@link #APPEND} is one shared instance, so the expected outcome allocates nothing; the others
 * are made when they occur (a retry or a client bug, not the common path).
 *
 * @param outcome what to do with the batch
 * @param firstOffset for {@link Outcome#DUPLICATE}, the offset of the original batch's first record;
 *     otherwise -1
 * @param lastOffset for {@link Outcome#DUPLICATE}, the offset of its last record; otherwise -1
 * @param message for {@link Outcome#OUT_OF_ORDER} and {@link Outcome#FENCED}, what is wrong in words
 *     (producer id, epoch and sequences); otherwise {@code null}
 */
public record SequenceCheck(Outcome outcome, long firstOffset, long lastOffset, String message) {

    /** The verdict. */
    public enum Outcome {
        /** New and in sequence (or from a producer the partition has no state for): append it. */
        APPEND,
        /** Exactly one of the producer's last five batches: do not append, answer with its offsets. */
        DUPLICATE,
        /** Neither the next sequence nor a cached duplicate: reject (OUT_OF_ORDER_SEQUENCE). */
        OUT_OF_ORDER,
        /** An epoch older than the producer's current one: a zombie producer, reject (INVALID_PRODUCER_EPOCH). */
        FENCED
    }

    /** The one "append it" result. */
    public static final SequenceCheck APPEND = new SequenceCheck(Outcome.APPEND, -1, -1, null);

    public static SequenceCheck duplicate(long firstOffset, long lastOffset) {
        return new SequenceCheck(Outcome.DUPLICATE, firstOffset, lastOffset, null);
    }

    public static SequenceCheck outOfOrder(String message) {
        return new SequenceCheck(Outcome.OUT_OF_ORDER, -1, -1, message);
    }

    public static SequenceCheck fenced(String message) {
        return new SequenceCheck(Outcome.FENCED, -1, -1, message);
    }

    public boolean isAppend() {
        return outcome == Outcome.APPEND;
    }
}
