package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.RaftMessage.TimeoutNow;
import io.brook.replication.raft.RaftMessage.VoteResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new leader knows whether a leadership transfer or an ordinary election made it leader (for its log line). */
class TransferredFromTest {

    private static final List<Integer> GROUP = List.of(1, 2, 3);

    @Test
    void a_node_elected_after_timeout_now_names_the_leader_that_handed_over() {
        OneNode n = new OneNode(2, GROUP, HardState.INITIAL, -1);

        n.node.handle(new TimeoutNow(1, 1));
        n.node.handle(new VoteResponse(2, 3, true, false));

        assertThat(n.node.isLeader()).isTrue();
        assertThat(n.node.transferredFrom()).isEqualTo(1);
    }

    @Test
    void a_node_elected_after_its_own_election_names_no_one() {
        OneNode n = new OneNode(2, GROUP, HardState.INITIAL, -1);
        n.node.handle(new TimeoutNow(1, 1));
        n.node.handle(new VoteResponse(2, 3, false, false));

        // the transfer failed; later it wins an election of its own
        n.tickThroughElectionTimeouts();
        n.node.handle(new VoteResponse(n.node.term() + 1, 3, true, true));
        n.node.handle(new VoteResponse(n.node.term(), 3, true, false));

        assertThat(n.node.isLeader()).isTrue();
        assertThat(n.node.transferredFrom()).isEqualTo(-1);
    }
}
