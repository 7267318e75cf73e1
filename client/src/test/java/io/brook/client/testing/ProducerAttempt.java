package io.brook.client.testing;

/**
 * An idempotent batch as a fake partition received it, and what the partition did with it.
 *
 * @param outcome {@code appended}, {@code duplicate}, {@code OUT_OF_ORDER_SEQUENCE} or {@code INVALID_PRODUCER_EPOCH}
 */
public record ProducerAttempt(long producerId, short epoch, int baseSequence, int records, String outcome) {
}
