package io.brook.replication.raft;

/**
 * The recovering state of a node whose log lost entries it had acknowledged (the disk cut or garbled
 * its tail, or its log directory was wiped): Raft's safety rests on every acknowledgement staying
 * true, so until the node holds again what it acknowledged it must neither vote nor campaign, and
 * the leader must not count its acknowledgements. Owned by the node's {@link RaftNode}.
 *
 * <p>The node leaves this state when it follows a leader of its current term and has matched that
 * leader's log up to the commit end the leader sent it, fsynced, where that commit end covers an
 * entry of the current term (so every entry committed in an earlier term is below it), and either
 * the current term is later than the term the node opened in, or that commit end reaches the end it
 * had acknowledged. The last condition fences acknowledgements from the node's life before the damage
 * that a leader may still be counting (a response delayed in the network, or the leader's own record
 * of the follower's progress): all of them carry a term no later than the one the node opened in, and
 * all of them are below the end it had acknowledged.
 */
final class Recovery {

    private boolean active;
    private final int openedInTerm;
    private long acknowledgedEnd;

    /**
     * @param acknowledgedEnd the end the node had acknowledged before its log was damaged, or -1 when
     *     it was not damaged
     */
    Recovery(long acknowledgedEnd, int openedInTerm) {
        this.active = acknowledgedEnd >= 0;
        this.acknowledgedEnd = acknowledgedEnd;
        this.openedInTerm = openedInTerm;
    }

    boolean active() {
        return active;
    }

    /**
     * A leader removed the log from {@code newEnd} on: whatever the node had acknowledged there was
     * never committed (a leader never removes committed entries), so it need not come back.
     */
    void truncated(long newEnd) {
        acknowledgedEnd = Math.min(acknowledgedEnd, newEnd);
    }

    /**
     * Whether a recovering follower of the leader of {@code term} may leave the state; see the class
     * javadoc.
     *
     * @param commitEnd the highest commit end that leader has sent, -1 when none yet
     * @param verifiedEnd how far the follower's log is known to match that leader's
     */
    boolean caughtUp(int term, long commitEnd, long verifiedEnd, RaftLog log) {
        return active && commitEnd > 0 && log.termAt(commitEnd - 1) == term && verifiedEnd >= commitEnd
                && log.flushedOffset() >= commitEnd && (term > openedInTerm || commitEnd >= acknowledgedEnd);
    }

    void finish() {
        active = false;
    }

    @Override
    public String toString() {
        return active ? "recovering (acknowledged " + acknowledgedEnd + " before term " + openedInTerm + ")" : "whole";
    }
}
