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
