package io.brook.replication.raft;

import java.util.ArrayDeque;

/**
 * What a leader knows of one follower: where to send from next, how far the follower's log is known
 * to match and be durable, and the requests in flight. Owned by the leader's {@link RaftNode}.
 */
final class Progress {

    final int id;
    /** Next offset to send (optimistic: advanced when sending, not when acknowledged). */
    long next;
    /** End of the follower's log known to match the leader's and to be on its disk. */
    long matchEnd;
    /** After a rejection: one request at a time until one succeeds. */
    boolean probing = true;
    /** Sequence number of the last request sent. */
    long seq;
    /** Responses to requests up to this sequence number predate the last reset and are ignored. */
    long ignoreUpTo;
    /** Requests in flight: sequence number and the prevEnd they were sent with. */
    final ArrayDeque<long[]> inflight = new ArrayDeque<>();
    /** When the last request was sent (the node's tick clock). */
    long sentAt;
    /** The follower refused a request at our log start: its log must be reset to our start. */
    boolean resetNeeded;
    /** Heard from the follower since the last quorum check. */
    boolean recentActive;
    /** The follower said it is recovering from a damaged log: its acknowledgements do not count. */
    boolean recovering;
    /** When the follower last answered (the node's tick clock). */
    long heardAt;
    /** The last request sent was a quiescent heartbeat (the next one is due after the quiescent interval). */
    boolean quiescent;
    /** A throttled learner: bytes it may still be sent (refilled every tick, may go negative). */
    long budget;

    /** @param now the node's tick clock: the follower counts as just contacted and heard from */
    Progress(int id, long next, long now) {
        this.id = id;
        this.next = next;
        this.sentAt = now;
        this.heardAt = now;
    }

    void acknowledge(long upToSeq) {
        while (!inflight.isEmpty() && inflight.peekFirst()[0] <= upToSeq) {
            inflight.pollFirst();
        }
    }

    /** The in-flight request {seq, prevEnd} with this sequence number, or null. */
    long[] find(long seq) {
        for (long[] r : inflight) {
            if (r[0] == seq) {
                return r;
            }
        }
        return null;
    }

    /** Forget what is in flight and probe again from {@code from}. */
    void reset(long from) {
        inflight.clear();
        probing = true;
        ignoreUpTo = seq;
        next = from;
    }
}
