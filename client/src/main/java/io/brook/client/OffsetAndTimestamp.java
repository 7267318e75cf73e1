package io.brook.client;

/**
 * The answer to {@link Consumer#offsetsForTimes}: the first record at or after the requested time.
 *
 * @param offset the record's offset
 * @param timestamp the record's timestamp (ms)
 */
public record OffsetAndTimestamp(long offset, long timestamp) {
}
