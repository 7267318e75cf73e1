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
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

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
 *
 * <p><b>Quiescence</b> (when {@link RaftConfig#quiesces()}): a leader whose follower holds its whole
 * log, committed, and has answered everything sent to it marks its next heartbeat to that follower
 * {@code quiescent} and then sends it one only every {@link RaftConfig#quiescentHeartbeatTicks()}
 * instead of every {@link RaftConfig#heartbeatTicks()}: an idle group costs almost no messages. The
 * follower then waits that much longer before it starts an election, but only while the leader's
 * node is {@linkplain #setPeerLiveness live} (the driver knows that from traffic between the two
 * brokers, shared by all their groups): when the leader's broker falls silent, the usual election
 * timeout applies again, counted from the last heartbeat, so a dead leader is replaced as fast as
 * without quiescence. Any append, or a vote request from a member, wakes the leader's heartbeats up;
 * a vote request from the leader itself (restarted, no longer leading) ends its followers' lease. The
 * leader's quorum check counts a quiescent follower whose node is live as heard. Without a liveness
 * source nothing is live, and quiescence only slows heartbeats down for followers that then time out
 * as usual: the driver must give one when it enables quiescence.
 *
 * <p><b>Time</b> is counted in ticks. By default the node counts its own {@link #tick()} calls; a
 * driver that gives it a {@linkplain #setTickClock tick clock} instead may {@linkplain #park() park}
 * a node that has nothing to do but wait (a quiescent leader, or a follower of a quiescent leader whose
 * node is live) and then tick it only once every election timeout: thousands of idle groups then cost
 * their driver almost nothing. Every timer of the node is a tick of the clock at which something
 * happened, so a parked node measures every interval exactly and only notices an expired one late; a
 * quiescent follower allows for its leader's late heartbeats by waiting one more election timeout. An
 * input that gives a parked node work (an append, a message that ends quiescence, a transfer)
 * unparks it and tells {@link RaftListener#onUnparked()}; the driver must also unpark its parked
 * nodes when the liveness of a peer changes.
 */
public final class RaftNode {

    /** The roles of Raft, plus the pre-vote phase. */
    public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }

    /** What {@link #proposeMembership} did. */
    public enum ChangeResult {
        /** The configuration batch is in the leader's log and replicating. */
        STARTED,
        /** This node does not lead (or is handing leadership over). */
        NOT_LEADER,
        /** The previous change, or an entry of this leader's term, is not committed yet: ask again later. */
        BUSY,
        /** The requested configuration is the current one. */
        UNCHANGED,
        /** More than one voter would change, or the leader would remove itself (transfer leadership first). */
        INVALID
    }

    private final int id;
    private final MembershipHistory history;
    /** The current configuration: the newest in the log, committed or not. */
    private Membership config;
    /** Leader: bytes per tick a learner may be sent while catching up (0: unlimited). */
    private long learnerBytesPerTick;
    private final RaftConfig raftConfig;
    private final RaftLog log;
    private final HardStateStore store;
    private final Outbox outbox;
    private final RaftListener listener;
    private final Random random;

    private int term;
    private int votedFor;
    private Role role = Role.FOLLOWER;
    private int leaderId = -1;
    /** The tick clock: the driver's, or {@link #ownTicks}. */
    private LongSupplier tickClock;
    private long ownTicks;
    /** Clock reading at the last {@link #tick()}. */
    private long lastTickAt;
    /** The driver ticks this node only once per election timeout (see the class javadoc). */
    private boolean parked;
    /** When the election timer last started (follower and candidates). */
    private long electionFrom;
    private int randomizedTimeout;
    private long commitEnd;
    private final Set<Integer> votes = new HashSet<>();
    private final Recovery recovery;
    /** Whether a node's broker was heard from lately (see the class javadoc). */
    private IntPredicate peerLive = node -> false;
    /** A new group's preferred replica that this node waits for while its node is live (-1 none). */
    private int deferTo = -1;
    private long deferUntil;

    // follower state
    private long verifiedEnd;
    /** The leader's last request was a quiescent heartbeat that this node's log matched. */
    private boolean leaderQuiescent;
    /** The highest commit end the current leader has sent (-1 none yet). */
    private long leaderCommitEnd = -1;
    private long lastSeq;
    /** Sequence number of the request being answered (rejections name exactly the request they refuse). */
    private long answering;
    private boolean ackPending;

    // leader state
    private final Map<Integer, Progress> progress = new LinkedHashMap<>();
    private long quorumFrom;
    private int transferTarget = -1;
    private int transferredFrom = -1;
    private long transferFrom;

    /**
     * @param voters the voters the group was created with; the node uses them until its store or log
     *     holds a configuration (see {@link MembershipHistory}). A node that is no voter of its current
     *     configuration (a learner, or one being added or removed) never campaigns.
     * @param seed for the randomized election timeout (deterministic in simulations)
     */
    public RaftNode(int id, List<Integer> voters, RaftConfig config, RaftLog log, HardStateStore store, Outbox outbox,
                    RaftListener listener, long seed) {
        this.id = id;
        this.history = new MembershipHistory(store.loadMembership(), Membership.of(voters), log);
        this.config = history.current();
        this.raftConfig = config;
        this.log = log;
        this.store = store;
        this.outbox = outbox;
        this.listener = listener;
        this.random = new Random(seed);
        HardState hs = store.load();
        // a driver that syncs terms lazily (before any message depending on them leaves) may lose the
        // newest term in a crash while the log kept a batch of it: that term is then this node's, with
        // no vote (any vote in it would have been synced before its answer left)
        int lastTerm = log.lastTerm();
        this.term = Math.max(hs.term(), lastTerm);
        this.votedFor = lastTerm > hs.term() ? -1 : hs.votedFor();
        this.commitEnd = log.startOffset();
        this.verifiedEnd = -1;
        this.recovery = new Recovery(this.config.voters().size() > 1 ? store.damagedAcknowledgedEnd() : -1, term);
        randomizeTimeout();
    }

    /**
     * Tells the node how to know whether another node's broker is alive (heard from within an
     * election timeout); needed for quiescence (see the class javadoc). Called once, before use.
     */
    public void setPeerLiveness(IntPredicate live) {
        this.peerLive = live;
    }

    /**
     * Uses {@code ticks}, a count that the driver advances by one per tick, as this node's clock instead
     * of counting its own {@link #tick()} calls, so that it may be {@linkplain #park() parked}. Read on
     * the node's thread only. Called once, before use.
     */
    public void setTickClock(LongSupplier ticks) {
        this.tickClock = ticks;
        long now = ticks.getAsLong();
        electionFrom = now;
        lastTickAt = now;
    }

    private long now() {
        return tickClock == null ? ownTicks : tickClock.getAsLong();
    }

    /**
     * With a tick clock: parks the node if it has nothing to do but wait, a quiescent leader (no transfer
     * under way) or a follower of a quiescent leader whose node is live; returns whether it is parked. A
     * parked node needs a {@link #tick()} only once per election timeout, until an input unparks it (it
     * then calls {@link RaftListener#onUnparked()}) or the driver does ({@link #unpark()}).
     */
    public boolean park() {
        parked = mayPark();
        return parked;
    }

    /** The driver ticks the node every tick again (a peer's liveness changed). */
    public void unpark() {
        parked = false;
    }

    private boolean mayPark() {
        if (tickClock == null) {
            return false;
        }
        // a single-member leader has no timer to watch
        return role == Role.LEADER ? transferTarget < 0 && (progress.isEmpty() || isQuiescent())
                : deferTo < 0 && quiescentLeaderLive();
    }

    /** After an input: a parked node that has work now asks to be ticked every tick again. */
    private void afterInput() {
        if (parked && !mayPark()) {
            parked = false;
            listener.onUnparked();
        }
    }

    // ------------------------------------------------------------------ queries

    /**
     * Whether the group is quiescent as far as this node knows: a leader whose every follower was
     * last sent a quiescent heartbeat, or a follower whose leader's last request was one.
     */
    public boolean isQuiescent() {
        if (role == Role.LEADER) {
            if (progress.isEmpty()) {
                return false;
            }
            for (Progress p : progress.values()) {
                if (!p.quiescent) {
                    return false;
                }
            }
            return true;
        }
        return role == Role.FOLLOWER && leaderQuiescent;
    }

    public int id() {
        return id;
    }

    /** The current configuration's voters. */
    public List<Integer> voters() {
        return config.voters();
    }

    /** The current configuration: the newest in this node's log, committed or not. */
    public Membership membership() {
        return config;
    }

    /** Whether the current configuration is committed (as far as this node knows). */
    public boolean membershipCommitted() {
        return history.currentOffset() < commitEnd;
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
        return matchEnds(true);
    }

    /**
     * Leader only: whether {@link #followerMatchEnds()} would equal {@code snapshot}, found without building
     * the map (drivers compare their snapshot on every tick of every group, and it rarely changes).
     */
    public boolean followerMatchEndsEqual(Map<Integer, Long> snapshot) {
        int voters = 0;
        for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
            if (config.isVoter(e.getKey())) {
                Long end = snapshot.get(e.getKey());
                if (end == null || end != matchEndOf(e.getValue())) {
                    return false;
                }
                voters++;
            }
        }
        return voters == snapshot.size();
    }

    /** Leader only: as {@link #followerMatchEnds()}, for the learners. */
    public Map<Integer, Long> learnerMatchEnds() {
        return matchEnds(false);
    }

    private Map<Integer, Long> matchEnds(boolean voters) {
        Map<Integer, Long> m = new LinkedHashMap<>();
        progress.forEach((k, p) -> {
            if (config.isVoter(k) == voters) {
                m.put(k, matchEndOf(p));
            }
        });
        return m;
    }

    private long matchEndOf(Progress p) {
        return p.recovering || !heardLately(p) ? -1 : p.matchEnd;
    }

    /**
     * Whether the follower answered within an election timeout, or, with quiescence, within the
     * quiescent interval plus an election timeout while its node is live (a quiescent follower
     * answers only every quiescent interval, also just after the group woke up).
     */
    private boolean heardLately(Progress p) {
        long silent = now() - p.heardAt;
        return silent < raftConfig.electionTimeoutTicks() || (raftConfig.quiesces()
                && silent < quiescentLeaseTicks() && peerLive.test(p.id));
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

    /**
     * Time passed: by one tick without a {@linkplain #setTickClock tick clock}; with one, the node acts on
     * whatever timers expired by the clock's reading.
     */
    public void tick() {
        if (tickClock == null) {
            ownTicks++;
        }
        long now = now();
        long elapsed = now - lastTickAt;
        lastTickAt = now;
        if (role == Role.LEADER) {
            tickLeader(now, elapsed);
            return;
        }
        if (deferTo >= 0) {
            if (leaderId >= 0 || role != Role.FOLLOWER || now > deferUntil) {
                deferTo = -1;
            } else if (peerLive.test(deferTo)) {
                // its node is up and will open the replica and campaign: the election clock stands still
                electionFrom += elapsed;
                return;
            }
        }
        long timeout = quiescentLeaderLive()
                ? raftConfig.quiescentHeartbeatTicks() + raftConfig.electionTimeoutTicks() + randomizedTimeout : randomizedTimeout;
        if (now - electionFrom >= timeout) {
            if (recovery.active() || !config.isVoter(id)) {
                // it must not lead before it has caught up: keep waiting for a leader
                electionFrom = now;
                randomizeTimeout();
                return;
            }
            startPreVote();
        }
    }

    /**
     * How long a quiescent follower whose node is live may stay silent, and how long its followers'
     * votes are held for a quiescent leader: the quiescent interval, an election timeout for heartbeats
     * that a parked leader sends late, and an election timeout as usual.
     */
    private long quiescentLeaseTicks() {
        return raftConfig.quiescentHeartbeatTicks() + 2L * raftConfig.electionTimeoutTicks();
    }

    /**
     * A follower that knows no leader waits {@code ticks} longer than its election timeout before its
     * next campaign (a new group's other replicas, giving the preferred one a head start).
     */
    public void delayElection(int ticks) {
        if (role == Role.FOLLOWER && leaderId < 0) {
            electionFrom += ticks;
        }
        afterInput();
    }

    /**
     * A follower that knows no leader does not count election time while {@code preferred}'s node is
     * live (see {@link #setPeerLiveness}), for at most {@code maxTicks} ticks: a new group's other
     * replicas wait for the preferred one, which campaigns as soon as its broker has opened it, however
     * long its broker takes to open thousands of new replicas. The wait ends when a leader is known,
     * when the preferred node falls silent (the election timeout then counts again), or after
     * {@code maxTicks}; a group with no data loses no availability by waiting.
     */
    public void deferElectionTo(int preferred, int maxTicks) {
        if (role == Role.FOLLOWER && leaderId < 0 && preferred != id) {
            deferTo = preferred;
            deferUntil = now() + maxTicks;
        }
        afterInput();
    }

    /** Starts an election now (a new group's preferred leader, or a single-member group); not while recovering. */
    public void campaign() {
        if (role != Role.LEADER && !recovery.active() && config.isVoter(id)) {
            startPreVote();
        }
        afterInput();
    }

    /** The driver completed a flush: {@link RaftLog#flushedOffset()} may have moved. */
    public void onFlushed() {
        flushed();
        afterInput();
    }

    private void flushed() {
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
        if (config.voters().size() > 1) {
            // the leader's own fsync counts towards the majority; a single member commits on append and
            // leaves durability to its driver (acks=all flushes, everything else is flushed periodically)
            log.requestFlush();
        }
        for (Progress p : progress.values()) {
            sendMore(p, false);
        }
        maybeCommit();
        afterInput();
    }

    /** Hands leadership to {@code target}, a voter, once it has caught up (graceful shutdown). */
    public void transferLeadership(int target) {
        if (role != Role.LEADER || target == id || !config.isVoter(target) || !progress.containsKey(target) || progress.get(target).recovering) {
            return;
        }
        transferTarget = target;
        transferFrom = now();
        Progress p = progress.get(target);
        if (p.matchEnd >= log.endOffset()) {
            outbox.send(target, new TimeoutNow(term, id));
        } else {
            sendMore(p, false);
        }
        afterInput();
    }

    /** Handles a message from another node. */
    public void handle(RaftMessage m) {
        try {
            dispatch(m);
        } finally {
            afterInput();
        }
    }

    private void dispatch(RaftMessage m) {
        if (role == Role.LEADER && m instanceof VoteRequest v) {
            wake(v.from());
        }
        if (m.term() > term) {
            if (m instanceof VoteRequest v && (v.preVote() || (leaseActive() && !v.transfer() && v.from() != leaderId))) {
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
        } else if (m instanceof TimeoutNow && role == Role.FOLLOWER && !recovery.active() && config.isVoter(id)) {
            transferredFrom = m.from();
            startElection(true);
        }
    }

    // ------------------------------------------------------------------ elections

    private boolean leaseActive() {
        if (role == Role.LEADER) {
            return true;
        }
        long lease = quiescentLeaderLive() ? quiescentLeaseTicks() : raftConfig.electionTimeoutTicks();
        return role == Role.FOLLOWER && leaderId >= 0 && now() - electionFrom < lease;
    }

    /** Follower: the leader's last request was quiescent and its node is alive, so its heartbeats come slowly. */
    private boolean quiescentLeaderLive() {
        return role == Role.FOLLOWER && leaderQuiescent && leaderId >= 0 && peerLive.test(leaderId);
    }

    private void randomizeTimeout() {
        randomizedTimeout = raftConfig.electionTimeoutTicks() + random.nextInt(raftConfig.electionTimeoutTicks());
    }

    private int majority() {
        return config.voters().size() / 2 + 1;
    }

    private void startPreVote() {
        role = Role.PRE_CANDIDATE;
        leaderId = -1;
        electionFrom = now();
        randomizeTimeout();
        votes.clear();
        votes.add(id);
        if (votes.size() >= majority()) {
            startElection(false);
            return;
        }
        VoteRequest req = new VoteRequest(term + 1, id, log.endOffset(), log.lastTerm(), true, false);
        for (int v : config.voters()) {
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
        electionFrom = now();
        randomizeTimeout();
        progress.clear();
        votes.clear();
        votes.add(id);
        if (votes.size() >= majority()) {
            becomeLeader();
            return;
        }
        VoteRequest req = new VoteRequest(term, id, log.endOffset(), log.lastTerm(), false, transfer);
        for (int v : config.voters()) {
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
        // no membership check on the candidate: a voter added by a configuration this node has not
        // received yet may ask (Raft's safety rests on the log comparison, not on who asks)
        if (v.from() == id) {
            return;
        }
        boolean granted;
        if (v.preVote()) {
            // the leader itself asking (restarted, or stepped down) ends its lease
            granted = !recovery.active() && v.term() > term && upToDate(v.lastEnd(), v.lastTerm())
                    && (!leaseActive() || v.transfer() || v.from() == leaderId);
            outbox.send(v.from(), new VoteResponse(granted ? v.term() : term, id, granted, true));
            return;
        }
        granted = !recovery.active() && v.term() == term && role != Role.LEADER && (votedFor == -1 || votedFor == v.from())
                && upToDate(v.lastEnd(), v.lastTerm()) && (!leaseActive() || v.transfer() || leaderId < 0 || v.from() == leaderId);
        if (granted) {
            votedFor = v.from();
            store.save(new HardState(term, votedFor));
            electionFrom = now();
        }
        outbox.send(v.from(), new VoteResponse(term, id, granted, false));
    }

    private void handlePreVoteResponse(VoteResponse r) {
        if (role != Role.PRE_CANDIDATE || !r.granted() || r.term() != term + 1 || !config.isVoter(r.from())) {
            return;
        }
        votes.add(r.from());
        if (votes.size() >= majority()) {
            startElection(false);
        }
    }

    private void handleVoteResponse(VoteResponse r) {
        if (role != Role.CANDIDATE || !r.granted() || !config.isVoter(r.from())) {
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
        leaderQuiescent = false;
        electionFrom = now();
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
        quorumFrom = now();
        transferTarget = -1;
        progress.clear();
        log.appendLeaderMarker(term);
        log.requestFlush();
        syncProgress();
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
        electionFrom = now();
        leaderQuiescent = false;
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
                if (history.truncate(newEnd)) {
                    membershipChanged();
                }
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
                boolean configs = false;
                for (int j = i; j < n; j++) {
                    Membership m = entries.membership(j);
                    if (m != null) {
                        history.append(entries.baseOffset(j), entries.term(j), m);
                        configs = true;
                    }
                }
                if (configs) {
                    // stored before the batch is in the log: a crash in between leaves a stored
                    // configuration whose batch is missing, which the next start drops
                    membershipChanged();
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
            leaderQuiescent = a.quiescent();
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
        electionFrom = now();
        leaderQuiescent = false;
        lastSeq = Math.max(lastSeq, r.seq());
        long start = r.startOffset();
        // a reset that arrives late finds a log that needs none: ours starts later (everything before a
        // log start is committed, so it matches any leader's), or it matches the leader's up to its start
        // (appends filled the gap since): keep it, as Raft keeps the entries after a snapshot it holds
        boolean keep = log.startOffset() > start || (start <= log.endOffset() && log.termAt(start - 1) == r.termBeforeStart());
        if (!keep) {
            // the leader has nothing before startOffset to compare with: whatever we hold is dropped,
            // and the configuration in effect there is the leader's
            history.resetTo(start, r.termBeforeStart(), r.membership());
            membershipChanged();
            log.resetTo(start, r.termBeforeStart());
            recovery.truncated(start);
        }
        verifiedEnd = Math.max(verifiedEnd, Math.max(start, log.startOffset()));
        commitEnd = Math.max(commitEnd, start);
        respondSuccess();
    }

    // ------------------------------------------------------------------ leader side

    private void tickLeader(long now, long elapsed) {
        for (Progress p : progress.values()) {
            if (learnerBytesPerTick > 0 && config.isLearner(p.id)) {
                boolean held = p.budget <= 0;
                long cap = Math.max(learnerBytesPerTick, raftConfig.maxAppendBytes());
                // a refill per tick passed (several after skipped ticks), never more than the cap
                long refill = learnerBytesPerTick * Math.min(elapsed, raftConfig.electionTimeoutTicks());
                p.budget = Math.min(p.budget + refill, cap);
                if (held && p.budget > 0 && now - p.sentAt < raftConfig.heartbeatTicks()) {
                    // the throttle held sends back: resume now, not at the next heartbeat or response
                    sendMore(p, false);
                }
            }
            long[] oldest = p.inflight.peekFirst();
            if (oldest != null && now - p.sentAt >= raftConfig.requestTimeoutTicks()) {
                p.reset(Math.max(p.matchEnd, log.startOffset()));
            }
            if (now - p.sentAt >= (p.quiescent ? raftConfig.quiescentHeartbeatTicks() : raftConfig.heartbeatTicks())) {
                sendMore(p, true);
            }
        }
        if (now - quorumFrom >= raftConfig.electionTimeoutTicks()) {
            quorumFrom = now;
            int active = config.isVoter(id) ? 1 : 0;
            for (Progress p : progress.values()) {
                if ((p.recentActive || (raftConfig.quiesces() && heardLately(p))) && config.isVoter(p.id)) {
                    active++;
                }
                p.recentActive = false;
            }
            if (active < majority()) {
                becomeFollower(term, -1);
                return;
            }
        }
        if (transferTarget >= 0 && now - transferFrom > raftConfig.electionTimeoutTicks()) {
            transferTarget = -1;
        }
    }

    private void sendMore(Progress p, boolean heartbeat) {
        int limit = p.probing ? 1 : raftConfig.maxInflight();
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
            boolean throttled = learnerBytesPerTick > 0 && p.budget <= 0 && config.isLearner(p.id);
            if ((p.next >= end || throttled) && !mustSend) {
                return;
            }
            Entries entries = p.next < end && !throttled ? log.read(p.next, raftConfig.maxAppendBytes()) : Entries.NONE;
            if (learnerBytesPerTick > 0 && config.isLearner(p.id)) {
                p.budget -= entries.sizeInBytes();
            }
            long prevEnd = entries.isEmpty() ? p.next : entries.baseOffset(0);
            int prevTerm = prevEnd > 0 ? log.termAt(prevEnd - 1) : RaftLog.NO_TERM;
            boolean quiescent = entries.isEmpty() && mayQuiesce(p);
            long seq = ++p.seq;
            p.inflight.addLast(new long[] {seq, prevEnd});
            p.sentAt = now();
            p.quiescent = quiescent;
            outbox.send(p.id, new AppendRequest(term, id, prevEnd, prevTerm, commitEnd, entries, seq, quiescent));
            mustSend = false;
            if (entries.isEmpty()) {
                return;
            }
            p.next = entries.endOffset(p.next);
        }
    }

    /**
     * Whether a heartbeat to {@code p} may be quiescent: the follower holds and has acknowledged the
     * whole log, everything is committed, nothing is in flight to it and no transfer is under way.
     */
    private boolean mayQuiesce(Progress p) {
        long end = log.endOffset();
        return raftConfig.quiesces() && transferTarget < 0 && p.inflight.isEmpty() && !p.probing && !p.recovering
                && p.matchEnd == end && p.next == end && commitEnd == end;
    }

    /** Leader: a member asked for a vote (it lost track of us): send it a heartbeat now instead of after the quiescent interval. */
    private void wake(int member) {
        Progress p = progress.get(member);
        if (p != null && p.quiescent) {
            p.quiescent = false;
            sendMore(p, true);
        }
    }

    private void sendReset(Progress p, long start) {
        p.quiescent = false;
        long seq = ++p.seq;
        p.inflight.addLast(new long[] {seq, start});
        p.sentAt = now();
        p.probing = true;
        outbox.send(p.id, new ResetRequest(term, id, start, log.termAt(start - 1), seq, history.at(start)));
        p.next = start;
    }

    private void handleAppendResponse(AppendResponse r) {
        Progress p = progress.get(r.from());
        if (role != Role.LEADER || p == null) {
            return;
        }
        p.recentActive = true;
        p.heardAt = now();
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
        List<Integer> voters = config.voters();
        if (voters.size() == 1 && voters.get(0) == id) {
            candidate = log.endOffset();
        } else {
            long[] ends = new long[voters.size()];
            int k = 0;
            for (int v : voters) {
                Progress p = progress.get(v);
                ends[k++] = v == id ? log.flushedOffset() : p == null || p.recovering ? -1 : p.matchEnd;
            }
            Arrays.sort(ends);
            candidate = ends[ends.length - majority()];
        }
        if (candidate > commitEnd && log.termAt(candidate - 1) == term) {
            commitEnd = candidate;
            listener.onCommit(commitEnd);
        }
    }

    // ------------------------------------------------------------------ membership

    /**
     * Leader: starts changing the configuration to {@code next} by appending it to the log; it takes
     * effect at once (on every node as soon as the batch is in its log) and is done once committed
     * ({@link #membershipCommitted()}). One change at a time: the previous one must be committed, and
     * so must an entry of this leader's term (a leader elected under an older configuration could
     * otherwise overlap a change it does not know of). At most one voter may be added or removed;
     * learners may change freely. The leader cannot remove itself: transfer leadership first.
     */
    public ChangeResult proposeMembership(Membership next) {
        if (role != Role.LEADER || transferTarget >= 0) {
            return ChangeResult.NOT_LEADER;
        }
        if (next.sameMembersAs(config)) {
            return ChangeResult.UNCHANGED;
        }
        if (!next.isVoter(id) || !config.votersDifferByAtMostOne(next)) {
            return ChangeResult.INVALID;
        }
        if (!membershipCommitted() || commitEnd == 0 || log.termAt(commitEnd - 1) != term) {
            return ChangeResult.BUSY;
        }
        history.append(log.endOffset(), term, next);
        membershipChanged();
        log.appendMembership(term, next);
        onLeaderAppended();
        return ChangeResult.STARTED;
    }

    /**
     * Leader: limits what a learner is sent while it catches up to about {@code bytesPerTick} per tick
     * on average (0: no limit). Voters are never held back.
     */
    public void setLearnerThrottle(long bytesPerTick) {
        learnerBytesPerTick = Math.max(0, bytesPerTick);
    }

    /** The configuration history changed: store it, then act on the newest configuration. */
    private void membershipChanged() {
        history.compact(log.startOffset());
        store.saveMembership(history.entries());
        config = history.current();
        if (role == Role.LEADER) {
            syncProgress();
        } else if (!config.isVoter(id) && role != Role.FOLLOWER) {
            // a candidate whose configuration no longer names it stops campaigning
            becomeFollower(term, -1);
        }
    }

    /** Leader: tracks every member of the current configuration but itself, new members from the log end. */
    private void syncProgress() {
        progress.keySet().removeIf(k -> !config.isMember(k));
        for (int m : config.members()) {
            if (m != id && !progress.containsKey(m)) {
                progress.put(m, new Progress(m, log.endOffset(), now()));
            }
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
                .append(",ignore=").append(p.ignoreUpTo).append(",since=").append(now() - p.sentAt).append(' '));
        return b.toString();
    }

    /** For tests: ids of the other voters. */
    List<Integer> peers() {
        List<Integer> p = new ArrayList<>(config.voters());
        p.remove(Integer.valueOf(id));
        return p;
    }
}
