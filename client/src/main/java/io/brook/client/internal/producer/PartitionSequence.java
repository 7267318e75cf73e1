package io.brook.client.internal.producer;

import java.util.ArrayDeque;

/**
 * One partition's sequence numbers under the current producer id, and what the ordering rules of
 * {@link Idempotence} need to know about its batches. Owned by the sender thread.
 */
final class PartitionSequence {

    /** Sequence number of the next record to send for the first time. */
    int nextSequence;
    /** Batches with sequence numbers not yet acknowledged or failed, in sequence order. */
    final ArrayDeque<ProducerBatch> unacked = new ArrayDeque<>();
    /** Batches given sequence numbers under the current id so far; the next one's {@link ProducerBatch#stampIndex}. */
    long stamped;
    /** Batches of this partition in requests awaiting an answer, all to {@link #inFlightNode}. */
    int inFlight;
    int inFlightNode = -1;
    /** A batch of this partition failed while others were in flight: send nothing until those are back. */
    boolean recovering;
    /** The partition acknowledged a batch of the current id: it holds the id's state, pipelining is safe. */
    boolean confirmed;
    /** {@link ProducerBatch#order} of the first batch that failed for good (a gap), or {@code Long.MAX_VALUE}. */
    long gapOrder = Long.MAX_VALUE;
    /**
     * From this {@link ProducerBatch#order} on, batches are known not to be written under the current
     * id (the partition answered OUT_OF_ORDER_SEQUENCE behind the gap): they wait for a new id.
     */
    long parkedFromOrder = Long.MAX_VALUE;

    /** Gives {@code b} the partition's next sequence numbers under {@code id}; it becomes the newest unacknowledged batch. */
    void stamp(ProducerBatch b, ProducerIdAndEpoch id) {
        b.stamp(id.id(), id.epoch(), nextSequence);
        b.stampIndex = stamped++;
        nextSequence = advance(nextSequence, b.recordCount());
        unacked.addLast(b);
    }

    /**
     * The batches from the oldest unacknowledged one to the newest with sequence numbers, acknowledged
     * ones between them included: the broker recognizes a repeat only among the newest
     * {@link Idempotence#MAX_UNACKED} batches of a producer it has written, so a retry of the oldest
     * unacknowledged batch is recognized only while this is at most that many. Counting only the
     * unacknowledged batches is not enough: while one answer is lost, later ones are acknowledged,
     * and the retry would fall behind the broker's window.
     */
    int window() {
        ProducerBatch oldest = unacked.peekFirst();
        return oldest == null ? 0 : (int) (stamped - oldest.stampIndex);
    }

    boolean isParked(ProducerBatch b) {
        return b.order >= parkedFromOrder;
    }

    /** Whether only batches that wait for a new producer id are left unacknowledged. */
    boolean onlyParkedLeft() {
        ProducerBatch lowest = unacked.peekFirst();
        return lowest == null || isParked(lowest);
    }

    /** The sequence number after {@code count} records from {@code sequence}: it wraps from Integer.MAX_VALUE to 0. */
    static int advance(int sequence, int count) {
        long next = (long) sequence + count;
        return (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    }
}
