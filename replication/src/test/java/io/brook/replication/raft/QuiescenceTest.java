package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quiescence of an idle group (see {@link RaftNode}): three nodes driven tick by tick, every message
 * delivered within the tick it was sent in, flushes completing at once, and liveness decided by the
 * test (a node is live to the others while it is "up").
 */
class QuiescenceTest {

    private static final int ELECTION = 10;
    private static final int QUIESCENT = 30;
    private static final RaftConfig CONFIG = new RaftConfig(ELECTION, 2, 3, 300, ELECTION, QUIESCENT);

    private record Delivery(int to, RaftMessage message) {}

    /** One node: its durable state outlives the {@link RaftNode} (a restart keeps log and hard state). */
    private final class Member {
        final int id;
        final SimLog log;
        HardState hard = HardState.INITIAL;
        RaftNode raft;
        boolean up = true;
        /** Driven as a broker's log thread drives a parked node: ticked once per election timeout. */
        boolean parked;
        int ticks;

        Member(int id) {
            this.id = id;
            this.log = new SimLog(id, l -> flushes.add(this));
            start();
        }

        void start() {
            raft = new RaftNode(id, List.of(0, 1, 2), config, log, new HardStateStore() {
                @Override
                public HardState load() {
                    return hard;
                }

                @Override
                public void save(HardState state) {
                    hard = state;
                }
            }, (to, m) -> {
                if (up && holdNextAppendTicks > 0 && m instanceof RaftMessage.AppendRequest) {
                    held.add(new Delivery(to, m));
                    releaseAt = clock + holdNextAppendTicks;
                    holdNextAppendTicks = 0;
                    appendRequests++;
                } else if (up) {
                    queue.add(new Delivery(to, m));
                    if (m instanceof RaftMessage.AppendRequest) {
                        appendRequests++;
                    }
                }
            }, new RaftListener() {
                @Override
                public void onUnparked() {
                    parked = false;
                }
            }, 11 + id);
            raft.setPeerLiveness(peer -> members[peer].up && livenessKnown);
            parked = false;
            if (parking) {
                raft.setTickClock(() -> clock);
            }
        }
    }

    private RaftConfig config = CONFIG;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final ArrayDeque<Member> flushes = new ArrayDeque<>();
    private Member[] members;
    private int appendRequests;
    private boolean livenessKnown = true;
    /** Drive the nodes with a shared tick clock and park those that may be parked (see {@link RaftNode#park()}). */
    private boolean parking;
    private long clock;
    /** The next AppendRequest sent is held back (a hiccup) until the clock reads {@link #releaseAt}. */
    private int holdNextAppendTicks;
    private final ArrayDeque<Delivery> held = new ArrayDeque<>();
    private long releaseAt;

    @BeforeEach
    void start() {
        members = new Member[] {new Member(0), new Member(1), new Member(2)};
    }

    private void restartAll(RaftConfig c) {
        config = c;
        queue.clear();
        members = new Member[] {new Member(0), new Member(1), new Member(2)};
    }

    private void settle() {
        while (!queue.isEmpty() || !flushes.isEmpty()) {
            Delivery d = queue.poll();
            if (d != null && members[d.to].up) {
                members[d.to].raft.handle(d.message);
            }
            Member f = flushes.poll();
            if (f != null && f.up) {
                f.log.flushed(f.log.endOffset());
                f.raft.onFlushed();
            }
        }
    }

    private void tick(int ticks) {
        for (int i = 0; i < ticks; i++) {
            clock++;
            if (!held.isEmpty() && clock >= releaseAt) {
                queue.addAll(held);
                held.clear();
                settle();
            }
            for (Member m : members) {
                // a parked node's slot comes round once per election timeout, as on a broker's log thread
                if (m.up && (!m.parked || clock % ELECTION == m.id)) {
                    m.raft.tick();
                    m.ticks++;
                    m.parked = parking && m.raft.park();
                }
            }
            settle();
        }
    }

    /** A node's broker stopped or started: the driver unparks its nodes, as log threads do on a liveness change. */
    private void livenessChanged() {
        for (Member m : members) {
            if (m.parked) {
                m.raft.unpark();
                m.parked = false;
            }
        }
    }

    private Member leader() {
        Member leader = null;
        for (Member m : members) {
            if (m.up && m.raft.isLeader() && (leader == null || m.raft.term() > leader.raft.term())) {
                leader = m;
            }
        }
        return leader;
    }

    /** Elects a leader and commits one client batch of its term. */
    private Member elected() {
        members[0].raft.campaign();
        settle();
        Member leader = leader();
        assertThat(leader).isNotNull();
        propose(leader);
        return leader;
    }

    private void propose(Member leader) {
        leader.log.appendClient(leader.raft.term(), 1, 1);
        leader.raft.onLeaderAppended();
        settle();
    }

    @Test
    void anIdleGroupQuiescesAndSendsAHeartbeatOnlyEveryQuiescentInterval() {
        Member leader = elected();
        tick(2 * ELECTION);
        assertThat(leader.raft.isQuiescent()).isTrue();
        for (Member m : members) {
            assertThat(m.raft.isQuiescent()).as("node %d", m.id).isTrue();
        }

        appendRequests = 0;
        tick(30 * QUIESCENT);

        // two followers, one heartbeat each per quiescent interval (instead of one every 2 ticks: 900)
        assertThat(appendRequests).isBetween(2 * 29, 2 * 31);
        assertThat(leader()).isSameAs(leader);
        assertThat(leader.raft.followerMatchEnds().values()).as("followers still count as caught up")
                .containsOnly(leader.log.endOffset());
    }

    @Test
    void withoutQuiescenceAnIdleLeaderKeepsSendingEveryHeartbeatInterval() {
        restartAll(new RaftConfig(ELECTION, 2, 3, 300, ELECTION));
        Member leader = elected();
        tick(2 * ELECTION);
        appendRequests = 0;

        tick(30 * QUIESCENT);

        assertThat(leader.raft.isQuiescent()).isFalse();
        assertThat(appendRequests).isEqualTo(2 * 30 * QUIESCENT / 2);
    }

    @Test
    void followersOfAQuiescentLeaderWhoseBrokerIsLiveNeverElect() {
        Member leader = elected();
        int term = leader.raft.term();

        tick(100 * QUIESCENT);

        assertThat(leader()).isSameAs(leader);
        for (Member m : members) {
            assertThat(m.raft.term()).as("node %d", m.id).isEqualTo(term);
        }
    }

    @Test
    void withoutLivenessTheSlowHeartbeatsOfAQuiescentLeaderLetFollowersElect() {
        // the reason followers ask for liveness: slow heartbeats alone outlast their election timeout
        livenessKnown = false;
        Member leader = elected();
        int term = leader.raft.term();

        tick(10 * QUIESCENT);

        assertThat(leader.raft.term()).isGreaterThan(term);
    }

    @Test
    void whenTheLeadersBrokerDiesAFollowerIsElectedWithinTheUsualElectionTimeout() {
        Member leader = elected();
        tick(QUIESCENT + ELECTION / 2);
        assertThat(leader.raft.isQuiescent()).isTrue();

        // pre-vote and election start at most two election timeouts after the last heartbeat
        assertThat(ticksUntilReplaced(leader)).isLessThanOrEqualTo(2 * ELECTION + 2);
    }

    /** Stops the leader's node (its broker falls silent) and ticks until another node leads. */
    private int ticksUntilReplaced(Member leader) {
        leader.up = false;
        livenessChanged();
        int ticks = 0;
        while (leader() == null && ticks < 10 * QUIESCENT) {
            tick(1);
            ticks++;
        }
        assertThat(leader()).isNotNull().isNotSameAs(leader);
        return ticks;
    }

    @Test
    void aRestartedLeaderIsReplacedAtOnceAlthoughItsBrokerIsLive() {
        // a long quiescent interval, so that waiting out the followers' lease could not pass the check
        restartAll(new RaftConfig(ELECTION, 2, 3, 300, ELECTION, 10 * QUIESCENT));
        Member leader = elected();
        tick(2 * ELECTION);
        int term = leader.raft.term();

        leader.start(); // same id, log and hard state: a follower now, and its broker stays live
        int ticks = 0;
        while (leader() == null && ticks < 10 * QUIESCENT) {
            tick(1);
            ticks++;
        }

        assertThat(leader()).isNotNull();
        assertThat(leader().raft.term()).isGreaterThan(term);
        // the old leader's own (pre-)vote request ends its followers' lease: no quiescent wait
        assertThat(ticks).isLessThanOrEqualTo(3 * ELECTION);
    }

    @Test
    void anAppendWakesTheGroupAndCommitsAtOnce() {
        Member leader = elected();
        tick(2 * ELECTION);
        assertThat(leader.raft.isQuiescent()).isTrue();
        long end = leader.log.endOffset();

        propose(leader);

        assertThat(leader.raft.commitEnd()).isGreaterThan(end);
        for (Member m : members) {
            assertThat(m.log.endOffset()).as("node %d", m.id).isEqualTo(leader.log.endOffset());
        }
        assertThat(leader.raft.isQuiescent()).isFalse();
        tick(2 * ELECTION);
        assertThat(leader.raft.isQuiescent()).isTrue();
    }

    @Test
    void aFollowerThatMissedTheQuiescentHeartbeatAsksAndIsAnsweredWithoutAnElection() {
        Member leader = elected();
        tick(2 * ELECTION);
        Member follower = members[(leader.id + 1) % 3];
        int term = leader.raft.term();

        follower.start(); // restarted follower: no leader known, its normal election timer runs
        tick(3 * ELECTION);

        assertThat(leader()).isSameAs(leader);
        assertThat(follower.raft.leaderId()).isEqualTo(leader.id);
        assertThat(follower.raft.term()).isEqualTo(term);
    }

    @Test
    void parkedNodesAreTickedOncePerElectionTimeoutAndNeverElectWhileTheLeaderIsLive() {
        parking = true;
        restartAll(CONFIG);
        Member leader = elected();
        int term = leader.raft.term();
        tick(2 * ELECTION);
        for (Member m : members) {
            assertThat(m.parked).as("node %d parked", m.id).isTrue();
            m.ticks = 0;
        }
        appendRequests = 0;

        tick(100 * QUIESCENT);

        assertThat(leader()).isSameAs(leader);
        for (Member m : members) {
            assertThat(m.raft.term()).as("node %d", m.id).isEqualTo(term);
            assertThat(m.ticks).as("node %d ticks", m.id).isEqualTo(100 * QUIESCENT / ELECTION);
        }
        // a parked leader's heartbeats come up to an election timeout late, never more often
        assertThat(appendRequests).isBetween(2 * 100 * QUIESCENT / (QUIESCENT + ELECTION), 2 * 100 * QUIESCENT / QUIESCENT);
        assertThat(leader.raft.followerMatchEnds().values()).as("followers still count as caught up")
                .containsOnly(leader.log.endOffset());
    }

    @Test
    void anAppendUnparksTheGroupAndItParksAgainOnceIdle() {
        parking = true;
        restartAll(CONFIG);
        Member leader = elected();
        tick(2 * ELECTION);
        assertThat(leader.parked).isTrue();
        long end = leader.log.endOffset();

        propose(leader);

        assertThat(leader.raft.commitEnd()).isGreaterThan(end);
        for (Member m : members) {
            assertThat(m.parked).as("node %d unparked by the append", m.id).isFalse();
        }
        tick(2 * ELECTION);
        for (Member m : members) {
            assertThat(m.parked).as("node %d parked again", m.id).isTrue();
        }
    }

    @Test
    void whenTheParkedLeadersBrokerDiesAFollowerIsElectedWithinTheUsualElectionTimeout() {
        parking = true;
        restartAll(CONFIG);
        Member leader = elected();
        tick(QUIESCENT + ELECTION / 2);
        assertThat(leader.parked).isTrue();

        assertThat(ticksUntilReplaced(leader)).isLessThanOrEqualTo(2 * ELECTION + 2);
    }

    @Test
    void parkedNodesTolerateAHeartbeatHeldUpAsLongAsTicked() {
        // a quiescent interval that is no multiple of the parked slots' period: the leader's slot comes
        // round 9 ticks after each heartbeat is due; then one heartbeat is held up 9 more ticks (a busy
        // broker), which a group ticked every tick survives whatever its random election timeouts
        parking = true;
        restartAll(new RaftConfig(ELECTION, 2, 3, 300, ELECTION, 31));
        Member leader = elected();
        int term = leader.raft.term();
        tick(2 * ELECTION);
        assertThat(leader.parked).isTrue();

        for (int i = 0; i < 10 * QUIESCENT; i++) {
            if (i == 5 * QUIESCENT) {
                holdNextAppendTicks = ELECTION - 1;
            }
            tick(1);
            assertThat(leader.raft.followerMatchEnds().values()).as("tick %d: followers count as caught up", i)
                    .containsOnly(leader.log.endOffset());
        }

        assertThat(held).as("the held heartbeat arrived").isEmpty();
        assertThat(leader()).isSameAs(leader);
        for (Member m : members) {
            assertThat(m.raft.term()).as("node %d", m.id).isEqualTo(term);
        }
    }
}
