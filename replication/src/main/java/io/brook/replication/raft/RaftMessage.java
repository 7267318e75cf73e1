package io.brook.replication.raft;

/**
 * The messages Raft nodes exchange. {@code term} is always the sender's current term. End offsets
 * are exclusive.
 */
public sealed interface RaftMessage {

    int term();

    /** Id of the sending node. */
    int from();

    /**
     * Leader to follower: "my log up to {@code prevEnd} has, at offset prevEnd-1, a batch of
     * {@code prevTerm}; here are the batches from prevEnd on". Empty {@code entries} is a heartbeat.
     *
     * @param commitEnd the leader's commit end
     * @param seq per-follower sequence number, echoed in the response
     * @param quiescent a heartbeat of a quiescent leader: the follower holds the leader's whole log,
     *     committed, and the next heartbeat comes only after {@link RaftConfig#quiescentHeartbeatTicks()}
     */
    record AppendRequest(int term, int from, long prevEnd, int prevTerm, long commitEnd, Entries entries, long seq,
                         boolean quiescent) implements RaftMessage {

        /** Not quiescent. */
        public AppendRequest(int term, int from, long prevEnd, int prevTerm, long commitEnd, Entries entries, long seq) {
            this(term, from, prevEnd, prevTerm, commitEnd, entries, seq, false);
        }
    }

    /**
     * Follower to leader.
     *
     * @param success whether the prefix matched
     * @param matchEnd on success: the end up to which the follower's log matches the leader's and is
     *     on the follower's disk
     * @param hintEnd on failure: the follower's end, or where its conflicting term starts
     * @param conflictTerm on failure: the follower's term at prevEnd-1 when it differed, else NO_TERM
     * @param seq success: the highest request sequence number processed; failure: the refused request's
     * @param recovering the follower is recovering from a damaged log (see {@link RaftNode}): the leader
     *     does not count its acknowledgements
     */
    record AppendResponse(int term, int from, boolean success, long matchEnd, long hintEnd, int conflictTerm, long seq,
                          boolean recovering) implements RaftMessage {}

    /**
     * Leader to a follower behind its log start: restart your log empty at {@code startOffset}, with
     * {@code membership} (the configuration in effect at that offset) as your configuration.
     */
    record ResetRequest(int term, int from, long startOffset, int termBeforeStart, long seq, Membership membership)
            implements RaftMessage {}

    /**
     * Candidate to voter. With {@code preVote}, {@code term} is the term the candidate would start
     * and nothing changes on either side unless the vote is granted and the election follows.
     *
     * @param transfer leadership transfer: voters ignore their leader lease
     */
    record VoteRequest(int term, int from, long lastEnd, int lastTerm, boolean preVote, boolean transfer) implements RaftMessage {}

    record VoteResponse(int term, int from, boolean granted, boolean preVote) implements RaftMessage {}

    /** Leader to its chosen successor: start an election now. */
    record TimeoutNow(int term, int from) implements RaftMessage {}
}
