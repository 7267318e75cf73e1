package io.brook.replication.raft;

import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.RaftMessage.AppendRequest;
import io.brook.replication.raft.RaftMessage.AppendResponse;
import io.brook.replication.raft.RaftMessage.ResetRequest;
import io.brook.replication.raft.RaftMessage.TimeoutNow;
import io.brook.replication.raft.RaftMessage.VoteRequest;
import io.brook.replication.raft.RaftMessage.VoteResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One member of a Raft group: a deterministic state machine (see the package javadoc). Not
 * thread-safe: one thread calls every method.
 *
 * <p>A node whose store reports a damaged log ({@link HardStateStore#damagedAcknowledgedEnd()}) starts
 * <em>recovering</em>: it grants no vote or pre-vote, never starts an election (ticks and
 * {@code TimeoutNow} included), and flags its responses so that the leader does not count its
 * acknowledgements; it follows a leader as usual otherwise, and leaves the state once it has caught up
 * (see {@link Recovery}), telling its store. A single-member group is never recovering: there is
 * nothing to catch up from.
 */
public final class RaftNode {

    /** The roles of Raft, plus the pre-vote phase. */
    public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }

    private final int id;
    private final List<Integer> voters;
    private final RaftConfig config;
    private final RaftLog log;
    private final HardStateStore store;
    private final Outbox outbox;
    private final RaftListener listener;
    private final Random random;

    private int term;
    private int votedFor;
    private Role role = Role.FOLLOWER;
    private int leaderId = -1;
    private int electionElapsed;
    private int randomizedTimeout;
    private long commitEnd;
    private final Set<Integer> votes = new HashSet<>();
    private final Recovery recovery;

    // follower state
    private long verifiedEnd;
    /** The highest commit end the current leader has sent (-1 none yet). */
    private long leaderCommitEnd = -1;
    private long lastSeq;
    /** Sequence number of the request being answered (rejections name exactly the request they refuse). */
    private long answering;
    private boolean ackPending;

    // leader state
    private final Map<Integer, Progress> progress = new LinkedHashMap<>();
    private int quorumElapsed;
    private int transferTarget = -1;
    private int transferredFrom = -1;
    private int transferElapsed;

    /**
     * @param voters every member's id, this node's included
     * @param seed for the randomized election timeout (deterministic in simulations)
     */
    public RaftNode(int id, List<Integer> voters, RaftConfig config, RaftLog log, HardStateStore store, Outbox outbox,
                    RaftListener listener, long seed) {
        if (!voters.contains(id)) {
            throw new IllegalArgumentException("node " + id + " is not one of the voters " + voters);
        }
        this.id = id;
        this.voters = List.copyOf(voters);
        this.config = config;
        this.log = log;
        this.store = store;
        this.outbox = outbox;
        this.listener = listener;
        this.random = new Random(seed);
        HardState hs = store.load();
        this.term = hs.term();
        this.votedFor = hs.votedFor();
        this.commitEnd = log.startOffset();
        this.verifiedEnd = -1;
        this.recovery = new Recovery(voters.size() > 1 ? store.damagedAcknowledgedEnd() : -1, term);
        randomizeTimeout();
    }

    // ------------------------------------------------------------------ queries

    public int id() {
        return id;
    }

    public List<Integer> voters() {
        return voters;
    }

    public int term() {
        return term;
    }

    public Role role() {
        return role;
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    /** The leader this node knows of in its term (itself when leading), or -1. */
    public int leaderId() {
        return leaderId;
    }

    /** Whether this node is recovering from a damaged log (see the class javadoc). */
    public boolean isRecovering() {
        return recovery.active();
    }

    /** Every offset below it is known to be committed. */
    public long commitEnd() {
        return commitEnd;
    }

    /**
     * Leader only: per follower id, the end of its log known to match and be durable, as counted
     * towards commits; -1 when unknown, when the follower is recovering, or when it has not answered
     * for an election timeout (it may have restarted with less).
     */
    public Map<Integer, Long> followerMatchEnds() {
        Map<Integer, Long> m = new LinkedHashMap<>();
        progress.forEach((k, p) -> m.put(k, p.recovering || p.ticksSinceHeard >= config.electionTimeoutTicks() ? -1 : p.matchEnd));
        return m;
    }

    /**
     * The leader that handed this node its leadership (TimeoutNow) in the current term, or -1 when it
     * won an ordinary election; for logging why leadership changed.
     */
    public int transferredFrom() {
        return transferredFrom;
    }

    /** Whether the leader is handing leadership over (it should then refuse new appends). */
    public boolean isTransferring() {
        return transferTarget >= 0;
    }

    // ------------------------------------------------------------------ inputs

    /** Advances time by one tick. */
    public void tick() {
        if (role == Role.LEADER) {
            tickLeader();
            return;
        }
        electionElapsed++;
        if (electionElapsed >= randomizedTimeout) {
            if (recovery.active()) {
                // it must not lead before it has caught up: keep waiting for a leader
                electionElapsed = 0;
                randomizeTimeout();
                return;
            }
            startPreVote();
        }
    }

    /** Starts an election now (a new group's preferred leader, or a single-member group); not while recovering. */
    public void campaign() {
        if (role != Role.LEADER && !recovery.active()) {
            startPreVote();
        }
    }

    /** The driver completed a flush: {@link RaftLog#flushedOffset()} may have moved. */
    public void onFlushed() {
        if (role == Role.LEADER) {
            maybeCommit();
        } else if (ackPending && leaderId >= 0) {
            maybeFinishRecovery();
            respondSuccess();
        }
    }

    /** The driver appended batches as leader (in this node's term): replicate them. */
    public void onLeaderAppended() {
        if (role != Role.LEADER) {
            throw new IllegalStateException("node " + id + " is not the leader");
        }
        if (voters.size() > 1) {
            // the leader's own fsync counts towards the majority; a single member commits on append and
            // leaves durability to its driver (acks=all flushes, everything else is flushed periodically)
            log.requestFlush();
        }
        for (Progress p : progress.values()) {
            sendMore(p, false);
        }
        maybeCommit();
    }

    /** Hands leadership to {@code target} once it has caught up (graceful shutdown). */
    public void transferLeadership(int target) {
        if (role != Role.LEADER || target == id || !progress.containsKey(target) || progress.get(target).recovering) {
            return;
        }
        transferTarget = target;
        transferElapsed = 0;
        Progress p = progress.get(target);
        if (p.matchEnd >= log.endOffset()) {
            outbox.send(target, new TimeoutNow(term, id));
        } else {
            sendMore(p, false);
        }
    }

    /** Handles a message from another node. */
    public void handle(RaftMessage m) {
        if (m.term() > term) {
            if (m instanceof VoteRequest v && (v.preVote() || (leaseActive() && !v.transfer()))) {
                // pre-votes never change terms; a live leader's followers ignore disruptive candidates
                handleVote(v);
                return;
            }
            if (m instanceof VoteResponse r && r.preVote() && r.granted()) {
                handlePreVoteResponse(r);
                return;
            }
            boolean fromLeader = m instanceof AppendRequest || m instanceof ResetRequest || m instanceof TimeoutNow;
            becomeFollower(m.term(), fromLeader ? m.from() : -1);
        } else if (m.term() < term) {
            rejectStale(m);
            return;
        }
        if (m instanceof AppendRequest a) {
            handleAppend(a);
        } else if (m instanceof AppendResponse r) {
            handleAppendResponse(r);
        } else if (m instanceof ResetRequest r) {
            handleReset(r);
        } else if (m instanceof VoteRequest v) {
            handleVote(v);
        } else if (m instanceof VoteResponse r) {
            if (r.preVote()) {
                handlePreVoteResponse(r);
            } else {
                handleVoteResponse(r);
            }
        } else if (m instanceof TimeoutNow && role == Role.FOLLOWER && !recovery.active()) {
            transferredFrom = m.from();
            startElection(true);
        }
    }

    // ------------------------------------------------------------------ elections

    private boolean leaseActive() {
        return role == Role.LEADER || (role == Role.FOLLOWER && leaderId >= 0 && electionElapsed < config.electionTimeoutTicks());
    }

    private void randomizeTimeout() {
        randomizedTimeout = config.electionTimeoutTicks() + random.nextInt(config.electionTimeoutTicks());
    }

    private int majority() {
        return voters.size() / 2 + 1;
    }

    private void startPreVote() {
        role = Role.PRE_CANDIDATE;
        leaderId = -1;
        electionElapsed = 0;
        randomizeTimeout();
        votes.clear();
        votes.add(id);
        if (votes.size() >= majority()) {
            startElection(false);
            return;
        }
        VoteRequest req = new VoteRequest(term + 1, id, log.endOffset(), log.lastTerm(), true, false);
        for (int v : voters) {
            if (v != id) {
                outbox.send(v, req);
            }
        }
    }

    private void startElection(boolean transfer) {
        if (!transfer) {
            transferredFrom = -1;
        }
        term++;
        votedFor = id;
        store.save(new HardState(term, votedFor));
        role = Role.CANDIDATE;
        leaderId = -1;
        electionElapsed = 0;
        randomizeTimeout();
        progress.clear();
        votes.clear();
        votes.add(id);
        if (votes.size() >= majority()) {
            becomeLeader();
            return;
        }
        VoteRequest req = new VoteRequest(term, id, log.endOffset(), log.lastTerm(), false, transfer);
        for (int v : voters) {
            if (v != id) {
                outbox.send(v, req);
            }
        }
    }

    private boolean upToDate(long lastEnd, int lastTerm) {
        int myTerm = log.lastTerm();
        return lastTerm > myTerm || (lastTerm == myTerm && lastEnd >= log.endOffset());
    }

    private void handleVote(VoteRequest v) {
        if (!voters.contains(v.from())) {
            return;
        }
        boolean granted;
        if (v.preVote()) {
            granted = !recovery.active() && v.term() > term && upToDate(v.lastEnd(), v.lastTerm()) && (!leaseActive() || v.transfer());
            outbox.send(v.from(), new VoteResponse(granted ? v.term() : term, id, granted, true));
            return;
        }
        granted = !recovery.active() && v.term() == term && role != Role.LEADER && (votedFor == -1 || votedFor == v.from())
                && upToDate(v.lastEnd(), v.lastTerm()) && (!leaseActive() || v.transfer() || leaderId < 0);
        if (granted) {
            votedFor = v.from();
            store.save(new HardState(term, votedFor));
            electionElapsed = 0;
        }
        outbox.send(v.from(), new VoteResponse(term, id, granted, false));
    }

    private void handlePreVoteResponse(VoteResponse r) {
        if (role != Role.PRE_CANDIDATE || !r.granted() || r.term() != term + 1) {
            return;
        }
        votes.add(r.from());
        if (votes.size() >= majority()) {
            startElection(false);
        }
    }

    private void handleVoteResponse(VoteResponse r) {
        if (role != Role.CANDIDATE || !r.granted()) {
            return;
        }
        votes.add(r.from());
        if (votes.size() >= majority()) {
            becomeLeader();
        }
    }

    private void becomeFollower(int newTerm, int leader) {
        boolean changed = newTerm != term || role != Role.FOLLOWER || leader != leaderId;
        if (newTerm > term) {
            term = newTerm;
            votedFor = -1;
            store.save(new HardState(term, votedFor));
            verifiedEnd = -1;
            leaderCommitEnd = -1;
            ackPending = false;
        }
        if (leader != leaderId) {
            verifiedEnd = -1;
            leaderCommitEnd = -1;
            ackPending = false;
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        electionElapsed = 0;
        randomizeTimeout();
        progress.clear();
        transferTarget = -1;
        if (changed) {
            listener.onFollower(term, leader);
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id;
        quorumElapsed = 0;
        transferTarget = -1;
        progress.clear();
        log.appendLeaderMarker(term);
        log.requestFlush();
        for (int v : voters) {
            if (v != id) {
                progress.put(v, new Progress(v, log.endOffset()));
            }
        }
        listener.onLeader(term);
        for (Progress p : progress.values()) {
            sendMore(p, true);
        }
        maybeCommit();
    }

    // ------------------------------------------------------------------ follower side

    private void handleAppend(AppendRequest a) {
        if (role != Role.FOLLOWER || leaderId != a.from()) {
            becomeFollower(term, a.from());
        }
        electionElapsed = 0;
        lastSeq = Math.max(lastSeq, a.seq());
        answering = a.seq();
        try {
            long end = log.endOffset();
            long start = log.startOffset();
            if (a.prevEnd() > end || a.prevEnd() < start) {
                reject(end);
                return;
            }
            if (a.prevEnd() > 0 && log.termAt(a.prevEnd() - 1) != a.prevTerm()
                    && !(a.prevEnd() == start && log.termAt(start - 1) == RaftLog.NO_TERM)) {
                int conflictTerm = log.termAt(a.prevEnd() - 1);
                long[] before = log.endOffsetForTerm(conflictTerm - 1);
                long hint = before == null ? start : before[1];
                reject(Math.min(hint, a.prevEnd() - 1), conflictTerm);
                return;
            }
            Entries entries = a.entries();
            long matched = a.prevEnd();
            int i = 0;
            int n = entries.batchCount();
            while (i < n && entries.baseOffset(i) < log.endOffset()) {
                long base = entries.baseOffset(i);
                if (base < matched) {
                    // a batch the leader started before prevEnd: already matched
                    matched = Math.max(matched, entries.lastOffset(i) + 1);
                    i++;
                    continue;
                }
                if (log.termAt(base) == entries.term(i)) {
                    matched = entries.lastOffset(i) + 1;
                    i++;
                    continue;
                }
                long newEnd = log.truncateTo(base);
                recovery.truncated(newEnd);
                if (newEnd < base) {
                    // our divergent batch straddled the leader's boundary: ask again from where we are
                    reject(newEnd);
                    return;
                }
                break;
            }
            if (i < n) {
                if (entries.baseOffset(i) != log.endOffset()) {
                    reject(log.endOffset());
                    return;
                }
                log.appendFollower(entries, i);
                matched = entries.endOffset(matched);
                log.requestFlush();
            }
            verifiedEnd = Math.max(verifiedEnd, matched);
            leaderCommitEnd = Math.max(leaderCommitEnd, a.commitEnd());
            long newCommit = Math.min(a.commitEnd(), verifiedEnd);
            if (newCommit > commitEnd) {
                commitEnd = newCommit;
                listener.onCommit(commitEnd);
            }
            maybeFinishRecovery();
            if (log.flushedOffset() >= verifiedEnd) {
                respondSuccess();
            } else {
                ackPending = true;
            }
        } finally {
            a.entries().release();
        }
    }

    private void respondSuccess() {
        long match = Math.min(log.flushedOffset(), verifiedEnd);
        ackPending = match < verifiedEnd;
        outbox.send(leaderId, new AppendResponse(term, id, true, match, -1, RaftLog.NO_TERM, lastSeq, recovery.active()));
    }

    private void maybeFinishRecovery() {
        if (role == Role.FOLLOWER && leaderId >= 0 && recovery.caughtUp(term, leaderCommitEnd, verifiedEnd, log)) {
            store.recovered(log.flushedOffset());
            recovery.finish();
        }
    }

    private void reject(long hint) {
        reject(hint, RaftLog.NO_TERM);
    }

    private void reject(long hint, int conflictTerm) {
        outbox.send(leaderId, new AppendResponse(term, id, false, -1, Math.max(hint, 0), conflictTerm, answering, recovery.active()));
    }

    private void handleReset(ResetRequest r) {
        if (role != Role.FOLLOWER || leaderId != r.from()) {
            becomeFollower(term, r.from());
        }
        electionElapsed = 0;
        lastSeq = Math.max(lastSeq, r.seq());
        long start = r.startOffset();
        // a reset that arrives late finds a log that needs none: ours starts later (everything before a
        // log start is committed, so it matches any leader's), or it matches the leader's up to its start
        // (appends filled the gap since): keep it, as Raft keeps the entries after a snapshot it holds
        boolean keep = log.startOffset() > start || (start <= log.endOffset() && log.termAt(start - 1) == r.termBeforeStart());
        if (!keep) {
            // the leader has nothing before startOffset to compare with: whatever we hold is dropped
            log.resetTo(start, r.termBeforeStart());
            recovery.truncated(start);
        }
        verifiedEnd = Math.max(verifiedEnd, Math.max(start, log.startOffset()));
        commitEnd = Math.max(commitEnd, start);
        respondSuccess();
    }

    // ------------------------------------------------------------------ leader side

    private void tickLeader() {
        for (Progress p : progress.values()) {
            p.ticksSinceSend++;
            p.ticksSinceHeard++;
            long[] oldest = p.inflight.peekFirst();
            if (oldest != null && p.ticksSinceSend >= config.requestTimeoutTicks()) {
                p.reset(Math.max(p.matchEnd, log.startOffset()));
            }
            if (p.ticksSinceSend >= config.heartbeatTicks()) {
                sendMore(p, true);
            }
        }
        quorumElapsed++;
        if (quorumElapsed >= config.electionTimeoutTicks()) {
            quorumElapsed = 0;
            int active = 1;
            for (Progress p : progress.values()) {
                if (p.recentActive) {
                    active++;
                }
                p.recentActive = false;
            }
            if (active < majority()) {
                becomeFollower(term, -1);
                return;
            }
        }
        if (transferTarget >= 0 && ++transferElapsed > config.electionTimeoutTicks()) {
            transferTarget = -1;
        }
    }

    private void sendMore(Progress p, boolean heartbeat) {
        int limit = p.probing ? 1 : config.maxInflight();
        boolean mustSend = heartbeat;
        while (p.inflight.size() < limit) {
            long start = log.startOffset();
            if (p.next < start) {
                if (!p.resetNeeded || p.matchEnd >= start) {
                    // probe at our start first: only a refusal there proves the follower's log has a gap
                    // or diverges before it, and only then may it be reset (never losing committed data)
                    p.next = Math.max(start, p.matchEnd);
                    continue;
                }
                p.resetNeeded = false;
                sendReset(p, start);
                return;
            }
            long end = log.endOffset();
            if (p.next >= end && !mustSend) {
                return;
            }
            Entries entries = p.next < end ? log.read(p.next, config.maxAppendBytes()) : Entries.NONE;
            long prevEnd = entries.isEmpty() ? p.next : entries.baseOffset(0);
            int prevTerm = prevEnd > 0 ? log.termAt(prevEnd - 1) : RaftLog.NO_TERM;
            long seq = ++p.seq;
            p.inflight.addLast(new long[] {seq, prevEnd});
            p.ticksSinceSend = 0;
            outbox.send(p.id, new AppendRequest(term, id, prevEnd, prevTerm, commitEnd, entries, seq));
            mustSend = false;
            if (entries.isEmpty()) {
                return;
            }
            p.next = entries.endOffset(p.next);
        }
    }

    private void sendReset(Progress p, long start) {
        long seq = ++p.seq;
        p.inflight.addLast(new long[] {seq, start});
        p.ticksSinceSend = 0;
        p.probing = true;
        outbox.send(p.id, new ResetRequest(term, id, start, log.termAt(start - 1), seq));
        p.next = start;
    }

    private void handleAppendResponse(AppendResponse r) {
        Progress p = progress.get(r.from());
        if (role != Role.LEADER || p == null) {
            return;
        }
        p.recentActive = true;
        p.ticksSinceHeard = 0;
        if (r.recovering() && (!p.recovering || !r.success() && r.hintEnd() < p.matchEnd)) {
            // what it acknowledged before may be gone (again): forget it, so that its rejections are heard
            p.matchEnd = -1;
        }
        p.recovering = r.recovering();
        if (r.seq() <= p.ignoreUpTo) {
            return;
        }
        if (r.success()) {
            p.acknowledge(r.seq());
            if (r.matchEnd() > p.matchEnd) {
                p.matchEnd = r.matchEnd();
            }
            if (p.next < p.matchEnd) {
                p.next = p.matchEnd;
            }
            p.probing = false;
            maybeCommit();
            if (p.id == transferTarget && p.matchEnd >= log.endOffset() && !p.recovering) {
                outbox.send(p.id, new TimeoutNow(term, id));
            }
            sendMore(p, false);
        } else {
            long[] rejected = p.find(r.seq());
            if (rejected == null || rejected[1] < p.matchEnd) {
                // an answer to a request we no longer track, or one overtaken by later successes
                return;
            }
            long hint = Math.min(r.hintEnd(), log.endOffset());
            if (r.conflictTerm() != RaftLog.NO_TERM) {
                // entries of the same term match up to where the shorter of the two runs ends
                long[] ours = log.endOffsetForTerm(r.conflictTerm());
                if (ours != null && ours[0] == r.conflictTerm()) {
                    hint = Math.max(hint, Math.min(ours[1], rejected[1] - 1));
                }
            }
            long start = log.startOffset();
            p.resetNeeded = rejected[1] <= start && hint < rejected[1];
            p.reset(hint);
            sendMore(p, true);
        }
    }

    private void maybeCommit() {
        if (role != Role.LEADER) {
            return;
        }
        long candidate;
        if (voters.size() == 1) {
            candidate = log.endOffset();
        } else {
            long[] ends = new long[voters.size()];
            int k = 0;
            ends[k++] = log.flushedOffset();
            for (Progress p : progress.values()) {
                ends[k++] = p.recovering ? -1 : p.matchEnd;
            }
            Arrays.sort(ends);
            candidate = ends[ends.length - majority()];
        }
        if (candidate > commitEnd && log.termAt(candidate - 1) == term) {
            commitEnd = candidate;
            listener.onCommit(commitEnd);
        }
    }

    // ------------------------------------------------------------------ stale messages

    private void rejectStale(RaftMessage m) {
        if (m instanceof AppendRequest a) {
            a.entries().release();
            outbox.send(a.from(), new AppendResponse(term, id, false, -1, log.endOffset(), RaftLog.NO_TERM, a.seq(), recovery.active()));
        } else if (m instanceof ResetRequest r) {
            outbox.send(r.from(), new AppendResponse(term, id, false, -1, log.endOffset(), RaftLog.NO_TERM, r.seq(), recovery.active()));
        } else if (m instanceof VoteRequest v) {
            outbox.send(v.from(), new VoteResponse(term, id, false, v.preVote()));
        }
        // responses and TimeoutNow from an old term carry nothing useful
    }

    @Override
    public String toString() {
        return "RaftNode(" + id + ", " + role + ", term " + term + ", leader " + leaderId + ", log [" + log.startOffset() + ","
                + log.endOffset() + "), commit " + commitEnd + (recovery.active() ? ", " + recovery : "") + ")";
    }

    /** For tests: a readable summary of the leader's view of each follower. */
    String progressSummary() {
        StringBuilder b = new StringBuilder();
        progress.forEach((k, p) -> b.append(k).append(":next=").append(p.next).append(",match=").append(p.matchEnd)
                .append(",inflight=").append(p.inflight.size()).append(",probing=").append(p.probing).append(",recovering=").append(p.recovering).append(",seq=").append(p.seq)
                .append(",ignore=").append(p.ignoreUpTo).append(",since=").append(p.ticksSinceSend).append(' '));
        return b.toString();
    }

    /** For tests: ids of the other voters. */
    List<Integer> peers() {
        List<Integer> p = new ArrayList<>(voters);
        p.remove(Integer.valueOf(id));
        return p;
    }
}
