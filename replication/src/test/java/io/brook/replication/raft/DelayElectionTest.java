package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new group's other replicas give the preferred one a head start ({@link RaftNode#delayElection}). */
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
}
