package io.brook.storage;

/**
 * A term and an end offset (exclusive), the answer to {@link PartitionLog#endOffsetForTerm}.
 */
public record TermOffset(int term, long endOffset) {

    /** No term at or below the requested one is in the log. */
    public static final TermOffset UNKNOWN = new TermOffset(PartitionLog.NO_TERM, -1L);

    public boolean isKnown() {
        return term != PartitionLog.NO_TERM;
    }
}
