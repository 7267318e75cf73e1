package io.brook.replication.raft;

import io.brook.replication.raft.HardStateStore.HardState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded, single-threaded simulation of one Raft group: nodes, a network that loses, delays (now
 * and then for longer than a restart takes), duplicates and reorders messages and can be
 * partitioned, flushes that complete late, crashes that lose the unflushed tail, damage that also
 * loses part of the flushed tail at a restart (on at most a minority of nodes at a time, counting
 * those still recovering from earlier damage), restarts, retention, and a client proposing batches to
 * whoever leads. Invariants are checked as events happen and at the end; a violation throws
 * {@link AssertionError}.
 *
 * <p>With {@code gating} off, a damaged node is not told about the damage (as Brook before the
 * acknowledged-end mark): it votes and campaigns at once.
 */
final class SimCluster {

    static final int TICK_MS = 10;

    private record Event(long time, long seq, Runnable action) {}

    /** One node and its durable state (which survives crashes). */
    private final class Node {
        final int id;
        final SimLog log;
        HardState hard = HardState.INITIAL;
        /** Lazy hard state: a term or vote saved but not yet synced (lost by a crash), or null. */
        HardState unsynced;
        /** Lazy hard state: messages sent after the unsynced save, released by its sync. */
        final List<Runnable> held = new ArrayList<>();
        List<MembershipEntry> configs = List.of();
        RaftNode raft;
        int incarnation;
        /** Batches its next restart loses from its flushed tail (0: none). */
        int pendingDamage;

        Node(int id) {
            this.id = id;
            this.log = new SimLog(id, l -> requestFlush(this));
        }

        boolean up() {
            return raft != null;
        }
    }

    private record Proposal(int node, int term, long base, long last, long payload) {}

    private final Random rnd;
    private final RaftConfig config;
    private final boolean lazyHardState;
    private final List<Integer> ids = new ArrayList<>();
    private final Node[] nodes;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    private final boolean[][] blocked;
    private double dropRate;
    private double dupRate;
    private double reorderRate;
    private double slowRate;
    private final boolean gating;
    /** Membership changes among the chaos (and two nodes that start outside the group); no damage then. */
    private final boolean membership;
    /** Per link, when its last message arrives: links are FIFO (like TCP) unless a message is picked for reordering. */
    private final long[][] linkClear;
    private boolean chaos = true;
    private boolean clientActive = true;
    private long nextPayload = 1;

    private final Map<Integer, Integer> leaderOfTerm = new HashMap<>();
    private final TreeMap<Long, Long> committed = new TreeMap<>();
    private final Map<Long, Proposal> pending = new LinkedHashMap<>();
    private final Set<Long> acked = new HashSet<>();
    final StringBuilder trace = new StringBuilder();
    int elections;
    int crashes;
    int damages;
    int recoveries;

    int membershipChanges;
    /** Ticks at which a leader was quiescent (to see that quiescence happened). */
    long quiescentLeaderTicks;

    SimCluster(long seed, int size) {
        this(seed, size, true, false);
    }

    SimCluster(long seed, int size, boolean gating) {
        this(seed, size, gating, false);
    }

    /** @param membership with membership changes: {@code size} voters to begin with and two more nodes outside the group */
    SimCluster(long seed, int size, boolean gating, boolean membership) {
        this(seed, size, gating, membership, false);
    }

    /**
     * @param quiesce idle groups quiesce (heartbeats every 30 ticks); a node is live to another while it
     *     is up and the link from it to the other is not cut
     */
    SimCluster(long seed, int size, boolean gating, boolean membership, boolean quiesce) {
        this(seed, size, gating, membership, quiesce, false);
    }

    /**
     * @param lazyHardState terms and votes are saved unsynced, as the broker's log threads do: readable at
     *     once, synced a little later (a crash before loses them), and every message the node sends after
     *     such a save waits for the sync
     */
    SimCluster(long seed, int size, boolean gating, boolean membership, boolean quiesce, boolean lazyHardState) {
        this.lazyHardState = lazyHardState;
        this.config = new RaftConfig(10, 2, 3, 300, 8, quiesce ? 30 : 0);
        this.gating = gating;
        this.membership = membership;
        this.rnd = new Random(seed);
        int all = membership ? size + 2 : size;
        this.nodes = new Node[all];
        this.blocked = new boolean[all][all];
        this.linkClear = new long[all][all];
        for (int i = 0; i < size; i++) {
            ids.add(i);
        }
        for (int i = 0; i < all; i++) {
            nodes[i] = new Node(i);
        }
        dropRate = rnd.nextDouble() * 0.15;
        dupRate = rnd.nextDouble() * 0.1;
        reorderRate = rnd.nextDouble() * 0.2;
        slowRate = rnd.nextDouble() * 0.02;
    }

    private void at(long delay, Runnable action) {
        events.add(new Event(now + Math.max(0, delay), seq++, action));
    }

    private void start(Node n) {
        n.incarnation++;
        int inc = n.incarnation;
        if (n.pendingDamage > 0) {
            int lost = n.log.damage(n.pendingDamage);
            n.pendingDamage = 0;
            trace.append(now).append(" damage ").append(n.id).append(": lost ").append(lost).append(" flushed batches, log end ")
                    .append(n.log.endOffset()).append(", acknowledged ").append(n.log.ackMark()).append('\n');
        }
        if (gating && n.log.endOffset() < n.log.ackMark()) {
            n.log.startRecovering();
        }
        n.raft = new RaftNode(n.id, ids, config, n.log, new HardStateStore() {
            @Override
            public HardState load() {
                return n.unsynced != null ? n.unsynced : n.hard;
            }

            @Override
            public void save(HardState state) {
                if (!lazyHardState) {
                    n.hard = state;
                    return;
                }
                if (n.unsynced == null) {
                    int inc = n.incarnation;
                    at(1 + rnd.nextInt(60), () -> syncHardState(n, inc)); // long enough for crashes to fall in between
                }
                n.unsynced = state;
            }

            @Override
            public long damagedAcknowledgedEnd() {
                return n.log.recovering() ? n.log.ackMark() : -1;
            }

            @Override
            public List<MembershipEntry> loadMembership() {
                return n.configs;
            }

            @Override
            public void saveMembership(List<MembershipEntry> entries) {
                n.configs = List.copyOf(entries);
            }

            @Override
            public void recovered(long acknowledgedEnd) {
                recoveries++;
                trace.append(now).append(" recovered ").append(n.id).append(" at ").append(acknowledgedEnd).append('\n');
                n.log.recovered(acknowledgedEnd);
            }
        }, (to, m) -> {
            if (n.unsynced != null) {
                n.held.add(() -> send(n, to, m));
            } else {
                send(n, to, m);
            }
        }, listener(n), rnd.nextLong());
        n.raft.setPeerLiveness(peer -> peer < nodes.length && nodes[peer].up() && !blocked[peer][n.id]);
        long phase = rnd.nextInt(TICK_MS);
        scheduleTick(n, inc, phase);
    }

    private void scheduleTick(Node n, int inc, long delay) {
        at(delay, () -> {
            if (n.up() && n.incarnation == inc) {
                if (n.raft.isLeader() && n.raft.isQuiescent()) {
                    quiescentLeaderTicks++;
                }
                n.raft.tick();
                scheduleTick(n, inc, TICK_MS);
            }
        });
    }

    /** Lazy hard state: the sync of what {@code n} saved completes; the messages that waited for it leave. */
    private void syncHardState(Node n, int inc) {
        if (!n.up() || n.incarnation != inc || n.unsynced == null) {
            return;
        }
        n.hard = n.unsynced;
        n.unsynced = null;
        List<Runnable> go = new ArrayList<>(n.held);
        n.held.clear();
        go.forEach(Runnable::run);
    }

    private void crash(Node n) {
        n.raft = null;
        n.unsynced = null;
        n.held.clear();
        n.incarnation++;
        n.log.crash();
        crashes++;
        trace.append(now).append(" crash ").append(n.id).append('\n');
        failPending(n.id);
    }

    static final boolean DEBUG = Boolean.getBoolean("brook.raft.debug");

    private void send(Node from, int to, RaftMessage m) {
        if (DEBUG && (m instanceof RaftMessage.VoteResponse || m instanceof RaftMessage.VoteRequest
                || m instanceof RaftMessage.AppendResponse || m instanceof RaftMessage.ResetRequest)) {
            trace.append(now).append(' ').append(from.id).append("->").append(to).append(' ').append(m instanceof RaftMessage.AppendRequest a
                    ? "Append(prevEnd=" + a.prevEnd() + ",prevTerm=" + a.prevTerm() + ",n=" + a.entries().batchCount() + ",seq=" + a.seq() + ")" : m)
                    .append('\n');
        }
        if (blocked[from.id][to] || rnd.nextDouble() < dropRate) {
            return;
        }
        int copies = rnd.nextDouble() < dupRate ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            long delay = 1 + rnd.nextInt(12);
            if (rnd.nextDouble() < slowRate) {
                // held up somewhere for longer than a restart takes: it may reach the sender's next life
                delay = 50 + rnd.nextInt(600);
            } else if (rnd.nextDouble() >= reorderRate) {
                long arrival = Math.max(now + delay, linkClear[from.id][to]);
                linkClear[from.id][to] = arrival;
                delay = arrival - now;
            }
            at(delay, () -> {
                Node target = nodes[to];
                if (target.up() && !blocked[from.id][to]) {
                    target.raft.handle(m);
                }
            });
        }
    }

    private void requestFlush(Node n) {
        long end = n.log.endOffset();
        int inc = n.incarnation;
        at(1 + rnd.nextInt(8), () -> {
            if (n.up() && n.incarnation == inc) {
                n.log.flushed(end);
                n.raft.onFlushed();
            }
        });
    }

    private RaftListener listener(Node n) {
        return new RaftListener() {
            @Override
            public void onLeader(int term) {
                elections++;
                trace.append(now).append(" leader ").append(n.id).append(" term ").append(term).append('\n');
                Integer previous = leaderOfTerm.putIfAbsent(term, n.id);
                if (previous != null && previous != n.id) {
                    throw new AssertionError("election safety: term " + term + " has leaders " + previous + " and " + n.id);
                }
                // leader completeness: every committed batch is in the new leader's log
                for (Map.Entry<Long, Long> c : committed.entrySet()) {
                    if (c.getKey() < n.log.startOffset()) {
                        continue;
                    }
                    SimEntries.Batch b = n.log.find(c.getKey());
                    if (b == null || b.payload() != c.getValue()) {
                        throw new AssertionError("leader completeness: leader " + n.id + " of term " + term
                                + " lacks committed batch at " + c.getKey() + " (payload " + c.getValue() + ", it has " + b + ")\n" + describe());
                    }
                }
            }

            @Override
            public void onFollower(int term, int leaderId) {
                failPending(n.id);
            }

            @Override
            public void onCommit(long commitEnd) {
                if (DEBUG) {
                    trace.append(now).append(" commit ").append(n.id).append(" -> ").append(commitEnd)
                            .append(n.raft != null && n.raft.isLeader() ? " (leader)" : "").append('\n');
                }
                for (SimEntries.Batch b : n.log.batches()) {
                    if (b.last() >= commitEnd) {
                        break;
                    }
                    Long prior = committed.putIfAbsent(b.base(), b.payload());
                    if (prior != null && prior != b.payload()) {
                        throw new AssertionError("state machine safety: offset " + b.base() + " committed as " + prior
                                + " and as " + b.payload() + " (node " + n.id + ")");
                    }
                }
                if (n.raft != null && n.raft.isLeader()) {
                    pending.values().removeIf(p -> {
                        if (p.node() == n.id && p.term() == n.raft.term() && p.last() < commitEnd) {
                            SimEntries.Batch b = n.log.find(p.base());
                            if (b != null && b.payload() == p.payload()) {
                                acked.add(p.payload());
                                return true;
                            }
                        }
                        return false;
                    });
                }
            }
        };
    }

    private void failPending(int node) {
        pending.values().removeIf(p -> p.node() == node);
    }

    private void propose() {
        List<Node> leaders = new ArrayList<>();
        for (Node n : nodes) {
            if (n.up() && n.raft.isLeader() && !n.raft.isTransferring()) {
                leaders.add(n);
            }
        }
        if (leaders.isEmpty()) {
            return;
        }
        Node n = leaders.get(rnd.nextInt(leaders.size()));
        long payload = nextPayload++;
        SimEntries.Batch b = n.log.appendClient(n.raft.term(), 1 + rnd.nextInt(3), payload);
        pending.put(payload, new Proposal(n.id, n.raft.term(), b.base(), b.last(), payload));
        n.raft.onLeaderAppended();
    }

    private void scheduleClient() {
        long delay = 1 + rnd.nextInt(6);
        if (config.quiesces() && chaos && rnd.nextInt(40) == 0) {
            // idle long enough for the group to quiesce (not while settling: a node recovering from
            // damage needs new commits to finish, and the group settles only when it has)
            delay = 300 + rnd.nextInt(700);
        }
        at(delay, () -> {
            if (clientActive) {
                propose();
                scheduleClient();
            }
        });
    }

    private void scheduleChaos() {
        at(20 + rnd.nextInt(150), () -> {
            if (!chaos) {
                return;
            }
            int kind = rnd.nextInt(membership ? 17 : 11);
            Node n = nodes[rnd.nextInt(nodes.length)];
            if (kind >= 11) {
                changeMembership();
            } else if ((kind < 3 || kind == 10 && (membership || !mayDamage())) && n.up()) {
                crash(n);
                at(20 + rnd.nextInt(400), () -> {
                    if (!n.up()) {
                        start(n);
                    }
                });
            } else if (kind == 10 && n.up()) {
                // the disk loses flushed batches too: a few, or everything
                n.pendingDamage = rnd.nextInt(4) == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(6);
                damages++;
                crash(n);
                at(20 + rnd.nextInt(400), () -> {
                    if (!n.up()) {
                        start(n);
                    }
                });
            } else if (kind < 6) {
                partition();
            } else if (kind < 7) {
                healNetwork();
            } else if (kind < 8 && n.up()) {
                n.log.retainFrom(Math.min(n.raft.commitEnd(), n.log.flushedOffset()) - rnd.nextInt(5));
            } else if (kind < 9 && n.up() && n.raft.isLeader()) {
                n.raft.transferLeadership(rnd.nextInt(nodes.length));
            }
            scheduleChaos();
        });
    }

    /** Some leader adds or removes a learner, promotes or demotes one member, or removes a voter. */
    private void changeMembership() {
        List<Node> leaders = new ArrayList<>();
        for (Node n : nodes) {
            if (n.up() && n.raft.isLeader()) {
                leaders.add(n);
            }
        }
        if (leaders.isEmpty()) {
            return;
        }
        Node leader = leaders.get(rnd.nextInt(leaders.size()));
        Membership c = leader.raft.membership();
        List<Membership> options = new ArrayList<>();
        for (Node other : nodes) {
            int x = other.id;
            List<Integer> voters = new ArrayList<>(c.voters());
            List<Integer> learners = new ArrayList<>(c.learners());
            if (c.isLearner(x)) {
                learners.remove(Integer.valueOf(x));
                options.add(new Membership(voters, learners)); // remove the learner
                voters.add(x);
                options.add(new Membership(voters, learners)); // promote it
            } else if (!c.isMember(x)) {
                learners.add(x);
                options.add(new Membership(voters, learners)); // add a learner
            } else if (voters.size() > 2) {
                // never below two voters: a single voter commits on append, before its flush (the driver
                // makes single-replica partitions durable), which this simulation's crashes would count as loss
                if (x == leader.id) {
                    options.add(null); // hand leadership over first
                    continue;
                }
                voters.remove(Integer.valueOf(x));
                options.add(new Membership(voters, learners)); // remove the voter
                learners.add(x);
                options.add(new Membership(voters, learners)); // demote it
            }
        }
        if (options.isEmpty()) {
            return;
        }
        Membership next = options.get(rnd.nextInt(options.size()));
        if (next == null) {
            leader.raft.transferLeadership(c.voters().get(rnd.nextInt(c.voters().size())));
            return;
        }
        RaftNode.ChangeResult r = leader.raft.proposeMembership(next);
        trace.append(now).append(" membership ").append(leader.id).append(": ").append(c).append(" -> ").append(next).append(": ").append(r).append('\n');
        if (r == RaftNode.ChangeResult.STARTED) {
            membershipChanges++;
        } else if (r == RaftNode.ChangeResult.INVALID) {
            throw new AssertionError("a one-step change was refused as invalid: " + c + " -> " + next);
        }
    }

    /** Whether one more node may be damaged: at most a minority is damaged or recovering at any time. */
    private boolean mayDamage() {
        int impaired = 0;
        for (Node n : nodes) {
            if (n.pendingDamage > 0 || n.log.recovering()) {
                impaired++;
            }
        }
        return impaired + 1 <= (nodes.length - 1) / 2;
    }

    private void partition() {
        healNetwork();
        Set<Integer> side = new HashSet<>();
        for (int i = 0; i < nodes.length; i++) {
            if (rnd.nextBoolean()) {
                side.add(i);
            }
        }
        boolean oneWay = rnd.nextInt(4) == 0;
        for (int a = 0; a < nodes.length; a++) {
            for (int b = 0; b < nodes.length; b++) {
                if (side.contains(a) != side.contains(b) && (!oneWay || side.contains(a))) {
                    blocked[a][b] = true;
                }
            }
        }
        trace.append(now).append(" partition ").append(side).append(oneWay ? " one-way" : "").append('\n');
    }

    private void healNetwork() {
        for (boolean[] row : blocked) {
            java.util.Arrays.fill(row, false);
        }
    }

    private void runUntil(long end) {
        while (!events.isEmpty() && events.peek().time <= end) {
            Event e = events.poll();
            now = e.time;
            e.action.run();
        }
        now = end;
    }

    /** Runs chaos for {@code chaosMs}, heals, lets the group settle, and checks the final state. */
    void run(long chaosMs, long settleMs) {
        for (Node n : nodes) {
            start(n);
        }
        scheduleClient();
        scheduleChaos();
        runUntil(chaosMs);
        chaos = false;
        healNetwork();
        dropRate = 0;
        dupRate = 0;
        // a healthy network lets a node that lost its whole log catch up within the settling time
        reorderRate = 0;
        slowRate = 0;
        for (Node n : nodes) {
            if (!n.up()) {
                start(n);
            }
        }
        runUntil(chaosMs + settleMs / 2);
        clientActive = false;
        runUntil(chaosMs + settleMs);
        // a node that lost its whole log near the end re-replicates it (a few batches per request):
        // give it up to CATCH_UP_MS more, so that only a node that never catches up fails the check
        long deadline = now + CATCH_UP_MS;
        while (now < deadline && !settled()) {
            runUntil(now + 100);
        }
        checkFinal();
    }

    private static final long CATCH_UP_MS = 20_000;

    private boolean settled() {
        Node leader = finalLeader();
        if (leader == null || !leader.raft.membershipCommitted() || leader.raft.commitEnd() != leader.log.endOffset()) {
            return false;
        }
        for (Node n : members(leader)) {
            if (n.raft.isRecovering() || n.log.endOffset() != leader.log.endOffset()) {
                return false;
            }
        }
        return true;
    }

    /** The leader of the highest term, or null. */
    private Node finalLeader() {
        Node leader = null;
        for (Node n : nodes) {
            if (n.raft.isLeader() && (leader == null || n.raft.term() > leader.raft.term())) {
                leader = n;
            }
        }
        return leader;
    }

    /** The nodes in {@code leader}'s configuration (every node when membership does not change). */
    private List<Node> members(Node leader) {
        List<Node> m = new ArrayList<>();
        for (Node n : nodes) {
            if (leader.raft.membership().isMember(n.id)) {
                m.add(n);
            }
        }
        return m;
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append(n.raft == null ? "node " + n.id + " DOWN" : n.raft + " " + n.raft.membership()).append(" flushed ").append(n.log.flushedOffset())
                    .append(" acknowledged ").append(n.log.ackMark()).append(" last batches ");
            List<SimEntries.Batch> bs = n.log.batches();
            b.append(bs.subList(Math.max(0, bs.size() - 4), bs.size())).append('\n');
            if (n.raft != null && n.raft.isLeader()) {
                b.append("  progress ").append(n.raft.progressSummary()).append('\n');
            }
        }
        return b.toString();
    }

    private void checkFinal() {
        Node leader = finalLeader();
        if (leader == null) {
            throw new AssertionError("no leader after the network healed\n" + describe());
        }
        long commit = leader.raft.commitEnd();
        for (Node n : members(leader)) {
            if (n.raft.isRecovering()) {
                throw new AssertionError("node " + n.id + " is still recovering after the group settled\n" + describe());
            }
        }
        if (commit != leader.log.endOffset()) {
            throw new AssertionError("leader " + leader.id + " did not commit its whole log after settling: commit " + commit
                    + ", end " + leader.log.endOffset() + "\n" + describe());
        }
        // every acknowledged proposal is in the final committed log
        Set<Long> finalPayloads = new HashSet<>();
        for (SimEntries.Batch b : leader.log.batches()) {
            finalPayloads.add(b.payload());
        }
        for (long p : acked) {
            if (!finalPayloads.contains(p) && !retiredBelowStart(leader, p)) {
                throw new AssertionError("acknowledged proposal " + p + " is not in the final log of leader " + leader.id);
            }
        }
        // log matching and convergence: every member's log equals the leader's over the range both hold
        for (Node n : members(leader)) {
            for (SimEntries.Batch b : n.log.batches()) {
                SimEntries.Batch lb = leader.log.find(b.base());
                if (lb != null && !lb.equals(b)) {
                    throw new AssertionError("log matching: node " + n.id + " has " + b + " where leader " + leader.id + " has " + lb + "\n" + describe());
                }
            }
            if (n.raft.commitEnd() > commit) {
                throw new AssertionError("node " + n.id + " committed beyond the leader");
            }
            if (n.log.endOffset() != leader.log.endOffset()) {
                throw new AssertionError("node " + n.id + " did not catch up with leader " + leader.id + " after settling\n" + describe());
            }
        }
    }

    private boolean retiredBelowStart(Node leader, long payload) {
        for (Map.Entry<Long, Long> c : committed.entrySet()) {
            if (c.getValue() == payload) {
                return c.getKey() < leader.log.startOffset();
            }
        }
        return false;
    }

    int acknowledged() {
        return acked.size();
    }
}
