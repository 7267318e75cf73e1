package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.RaftMessage.AppendRequest;
import io.brook.replication.raft.RaftMessage.AppendResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leader with a learner: what the learner counts for, and the throttle on what it is sent. */
class LearnerTest {

    /** 100 bytes per batch in the simulation's entries; 3 batches per request. */
    private static final RaftConfig CONFIG = new RaftConfig(10, 2, 4, 300, 10);

    private static OneNode leaderWithBatches(List<Integer> voters, int batches) {
        OneNode n = new OneNode(0, voters, HardState.INITIAL, -1, CONFIG);
        n.node.campaign();
        assertThat(n.node.isLeader()).isTrue();
        for (int i = 0; i < batches; i++) {
            n.log.appendClient(n.node.term(), 1, 1000 + i);
            n.node.onLeaderAppended();
        }
        n.flush();
        n.sent.clear();
        return n;
    }

    @Test
    void a_learner_acknowledgement_does_not_commit_but_a_voter_change_needs_one_step_at_a_time() {
        OneNode n = leaderWithBatches(List.of(0), 5);
        assertThat(n.node.proposeMembership(new Membership(List.of(0), List.of(1)))).isEqualTo(RaftNode.ChangeResult.STARTED);
        // the learner's configuration batch is committed by the single voter at once
        assertThat(n.node.membershipCommitted()).isTrue();
        assertThat(n.node.proposeMembership(Membership.of(List.of(0, 1, 2)))).isEqualTo(RaftNode.ChangeResult.INVALID);
        assertThat(n.node.proposeMembership(Membership.of(List.of(1)))).isEqualTo(RaftNode.ChangeResult.INVALID);
        assertThat(n.node.proposeMembership(Membership.of(List.of(0, 1)))).isEqualTo(RaftNode.ChangeResult.STARTED);
        long end = n.log.endOffset();
        n.flush();
        // {0, 1} needs both: nothing new commits until the new voter acknowledges
        assertThat(n.node.commitEnd()).isLessThan(end);
        assertThat(n.node.membershipCommitted()).isFalse();
        assertThat(n.node.proposeMembership(Membership.of(List.of(0, 1, 2)))).isEqualTo(RaftNode.ChangeResult.BUSY);
        n.node.handle(new AppendResponse(n.node.term(), 1, true, end, -1, RaftLog.NO_TERM, 1_000, false));
        assertThat(n.node.commitEnd()).isEqualTo(end);
        assertThat(n.node.membershipCommitted()).isTrue();
    }

    @Test
    void a_throttled_learner_is_sent_about_its_budget_every_tick() {
        OneNode n = leaderWithBatches(List.of(0), 400);
        assertThat(n.node.proposeMembership(new Membership(List.of(0), List.of(1)))).isEqualTo(RaftNode.ChangeResult.STARTED);
        n.node.setLearnerThrottle(300);
        // the learner (empty log) answers everything at once: only the throttle limits what it gets
        int batches = 0;
        int ticks = 40;
        long learnerEnd = 0;
        for (int t = 0; t < ticks; t++) {
            n.node.tick();
            for (int round = 0; round < 10; round++) {
                List<AppendRequest> requests = n.drain(AppendRequest.class);
                if (requests.isEmpty()) {
                    break;
                }
                for (AppendRequest a : requests) {
                    if (a.prevEnd() > learnerEnd) {
                        n.node.handle(new AppendResponse(n.node.term(), 1, false, -1, learnerEnd, RaftLog.NO_TERM, a.seq(), false));
                        continue;
                    }
                    batches += a.entries().batchCount();
                    learnerEnd = Math.max(learnerEnd, a.entries().endOffset(a.prevEnd()));
                    n.node.handle(new AppendResponse(n.node.term(), 1, true, learnerEnd, -1, RaftLog.NO_TERM, a.seq(), false));
                }
            }
        }
        // 300 bytes a tick = 3 batches a tick, with at most one request of debt
        assertThat(batches).as("batches sent in %d ticks", ticks).isBetween(3 * ticks - 6, 3 * ticks + 6);
    }
}
