package io.brook.replication.raft;

/**
 * The log a {@link RaftNode} replicates, as the node sees it. Reads describe the log as it is now;
 * mutations take effect before they return (the driver runs them on the node's thread), except
 * durability: {@link #requestFlush()} asks for an fsync whose completion the driver reports with
 * {@link RaftNode#onFlushed()}.
 */
public interface RaftLog {

    int NO_TERM = -1;

    long startOffset();

    long endOffset();

    /** Every offset below it is on disk. */
    long flushedOffset();

    /** Term of the last batch; when the log is empty, the term recorded at its last reset (or NO_TERM). */
    int lastTerm();

    /**
     * Term of the batch holding {@code offset}, or NO_TERM outside [start, end) — except that
     * {@code termAt(startOffset() - 1)} is the term of the last batch before the log start (retired by
     * retention, or named by the leader that reset this log) when known: log matching at the start
     * depends on it.
     */
    int termAt(long offset);

    /**
     * End offset (exclusive) of the largest term {@code <= term} in the log, and that term; as
     * {@code long[]{term, endOffset}}, or {@code null} when no term that low is in the log.
     */
    long[] endOffsetForTerm(int term);

    /** Whole batches starting with the one holding {@code from}, up to about {@code maxBytes} (at least one). */
    Entries read(long from, int maxBytes);

    /** Appends {@code entries} from batch {@code fromBatch} on; their offsets continue the log. */
    void appendFollower(Entries entries, int fromBatch);

    /** Removes every batch holding an offset at or above {@code offset}; returns the new end. */
    long truncateTo(long offset);

    /** Empties the log and restarts it at {@code start}; {@code termBeforeStart} becomes {@link #lastTerm()}. */
    void resetTo(long start, int termBeforeStart);

    /** Leader: appends a control batch marking the start of {@code term}. */
    void appendLeaderMarker(int term);

    /** Leader: appends a control batch carrying the configuration {@code membership}, in {@code term}. */
    void appendMembership(int term, Membership membership);

    /** Asks for an fsync; the driver calls {@link RaftNode#onFlushed()} when it is done. */
    void requestFlush();
}
