package io.brook.storage;

/**
 * The first record at or after a timestamp, the answer to {@link PartitionLog#offsetForTimestamp}.
 *
 * @param offset the record's offset, or -1 when not found
 * @param timestamp the record's timestamp, or -1 when not found
 */
public record TimestampLookup(long offset, long timestamp) {

    private static final TimestampLookup NOT_FOUND = new TimestampLookup(-1L, -1L);

    public static TimestampLookup notFound() {
        return NOT_FOUND;
    }

    public boolean found() {
        return offset >= 0;
    }
}
