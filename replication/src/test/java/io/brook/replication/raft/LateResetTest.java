package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.RaftMessage.AppendRequest;
import io.brook.replication.raft.RaftMessage.AppendResponse;
import io.brook.replication.raft.RaftMessage.ResetRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reset that arrives late, when the follower's log no longer needs one, leaves the log alone. */
class LateResetTest {

    @Test
    void a_late_reset_keeps_a_log_that_matches_at_the_leaders_start() {
        // given a follower whose log holds [0, 50) of term 1, all flushed and acknowledged
        OneNode n = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        n.node.handle(new AppendRequest(1, 1, 0, RaftLog.NO_TERM, 0, OneNode.batches(0, 50, 1, 10), 1));
        n.flush();

        // when the leader's reset to its log start 30, sent before those appends, arrives now
        n.node.handle(new ResetRequest(1, 1, 30, 1, 2, Membership.of(java.util.List.of(0, 1))));

        // then the follower keeps what it had acknowledged and answers that it matches up to the start
        assertThat(n.log.startOffset()).isZero();
        assertThat(n.log.endOffset()).isEqualTo(50);
        List<AppendResponse> acks = n.drain(AppendResponse.class);
        assertThat(acks.get(acks.size() - 1)).satisfies(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.matchEnd()).isGreaterThanOrEqualTo(30);
        });
    }

    @Test
    void a_late_reset_to_an_earlier_start_keeps_a_log_that_starts_later() {
        // given a follower that applied retention: its log is [40, 50), everything before 40 committed
        OneNode n = new OneNode(2, List.of(1, 2, 3), HardState.INITIAL, -1);
        n.node.handle(new AppendRequest(1, 1, 0, RaftLog.NO_TERM, 50, OneNode.batches(0, 50, 1, 10), 1));
        n.flush();
        n.log.retainFrom(40);

        // when a reset to the leader's older start 30 arrives
        n.node.handle(new ResetRequest(1, 1, 30, 1, 2, Membership.of(java.util.List.of(0, 1))));

        // then it keeps its log
        assertThat(n.log.startOffset()).isEqualTo(40);
        assertThat(n.log.endOffset()).isEqualTo(50);
    }
}
