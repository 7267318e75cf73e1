package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new group's other replicas give the preferred one a head start ({@link RaftNode#delayElection}) and
 * wait for it while its node is live ({@link RaftNode#deferElectionTo}).
 */
class DelayElectionTest {

    private static final int ELECTION = RaftConfig.defaults().electionTimeoutTicks();

    private static int ticksUntilPreVote(OneNode n) {
        for (int t = 1; t <= 20 * ELECTION; t++) {
            n.node.tick();
            if (!n.drain(RaftMessage.VoteRequest.class).isEmpty()) {
                return t;
            }
        }
        return -1;
    }

    @Test
    void aDelayedFollowerCampaignsOnlyAfterTheDelayOnTopOfItsElectionTimeout() {
        OneNode plain = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        OneNode delayed = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);

        delayed.node.delayElection(5 * ELECTION);

        int plainTicks = ticksUntilPreVote(plain);
        assertThat(plainTicks).isBetween(ELECTION, 2 * ELECTION);
        assertThat(ticksUntilPreVote(delayed)).isEqualTo(plainTicks + 5 * ELECTION);
    }

    @Test
    void aFollowerThatKnowsItsLeaderIsNotDelayed() {
        OneNode n = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        n.append(1, 1, 0, RaftLog.NO_TERM, 5, 1, 0);
        n.drain(RaftMessage.class);

        n.node.delayElection(5 * ELECTION);

        assertThat(ticksUntilPreVote(n)).isBetween(ELECTION, 2 * ELECTION);
    }

    @Test
    void aFollowerDeferringToALivePreferredReplicaWaitsUpToTheBoundThenCampaigns() {
        OneNode plain = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        OneNode deferring = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        deferring.node.setPeerLiveness(node -> node == 1);

        deferring.node.deferElectionTo(1, 12 * ELECTION);

        int plainTicks = ticksUntilPreVote(plain);
        assertThat(ticksUntilPreVote(deferring)).isEqualTo(plainTicks + 12 * ELECTION);
    }

    @Test
    void aFollowerDefersOnlyWhileThePreferredReplicasNodeIsLive() {
        OneNode deferring = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        boolean[] live = {true};
        deferring.node.setPeerLiveness(node -> node == 1 && live[0]);
        deferring.node.deferElectionTo(1, 1_000 * ELECTION);
        for (int t = 0; t < 3 * ELECTION; t++) {
            deferring.node.tick();
        }
        assertThat(deferring.drain(RaftMessage.VoteRequest.class)).isEmpty();

        live[0] = false; // the preferred replica's broker fell silent: the usual election timeout counts again

        assertThat(ticksUntilPreVote(deferring)).isBetween(ELECTION, 2 * ELECTION);
    }

    @Test
    void aFollowerThatLearnsItsLeaderStopsDeferring() {
        OneNode n = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        n.node.setPeerLiveness(node -> true);
        n.node.deferElectionTo(1, 1_000 * ELECTION);
        n.append(3, 1, 0, RaftLog.NO_TERM, 5, 1, 0); // replica 3 won the election after all
        n.drain(RaftMessage.class);

        assertThat(ticksUntilPreVote(n)).isBetween(ELECTION, 2 * ELECTION); // leader 3 silent: campaigns as usual
    }
}
