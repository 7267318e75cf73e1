package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.RaftMessage.AppendResponse;
import io.brook.replication.raft.RaftMessage.TimeoutNow;
import io.brook.replication.raft.RaftMessage.VoteRequest;
import io.brook.replication.raft.RaftMessage.VoteResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recovering state of a node whose log lost entries it had acknowledged: its transitions, one at a time. */
class RecoveringNodeTest {

    private static final List<Integer> GROUP = List.of(1, 2, 3);

    /** Node 2, opened in term 2 with [0, 10) of term 1 on disk, after it had acknowledged up to 20. */
    private static OneNode damaged() {
        OneNode n = new OneNode(2, GROUP, new HardState(2, -1), 20);
        n.log.appendFollower(OneNode.batches(0, 10, 1, 5), 0);
        n.log.flushed(10);
        return n;
    }

    private static OneNode whole() {
        OneNode n = new OneNode(2, GROUP, new HardState(2, -1), -1);
        n.log.appendFollower(OneNode.batches(0, 10, 1, 5), 0);
        n.log.flushed(10);
        return n;
    }

    /** Node 1, elected by node 2 in term 1, its term marker fsynced. */
    private static OneNode leaderOfTermOne() {
        OneNode leader = new OneNode(1, GROUP, HardState.INITIAL, -1);
        leader.node.campaign();
        leader.node.handle(new VoteResponse(1, 2, true, true));
        leader.node.handle(new VoteResponse(1, 2, true, false));
        assertThat(leader.node.isLeader()).isTrue();
        leader.flush();
        return leader;
    }

    @Test
    void a_node_whose_store_reports_damage_starts_recovering() {
        assertThat(damaged().node.isRecovering()).isTrue();
        assertThat(whole().node.isRecovering()).isFalse();
    }

    @Test
    void a_single_member_group_is_never_recovering() {
        OneNode alone = new OneNode(1, List.of(1), HardState.INITIAL, 20);

        alone.node.campaign();

        assertThat(alone.node.isRecovering()).isFalse();
        assertThat(alone.node.isLeader()).isTrue();
    }

    @Test
    void a_recovering_node_grants_neither_pre_votes_nor_votes() {
        for (OneNode n : List.of(damaged(), whole())) {
            n.node.handle(new VoteRequest(3, 1, 100, 2, true, false));
            n.node.handle(new VoteRequest(3, 1, 100, 2, false, false));

            List<VoteResponse> answers = n.drain(VoteResponse.class);
            assertThat(answers).hasSize(2);
            if (n.node.isRecovering()) {
                assertThat(answers).noneMatch(VoteResponse::granted);
                assertThat(n.hard.votedFor()).isEqualTo(-1);
            } else {
                // the same requests to a node that lost nothing: both granted
                assertThat(answers).allMatch(VoteResponse::granted);
            }
        }
    }

    @Test
    void a_recovering_node_never_starts_an_election() {
        OneNode n = damaged();

        n.tickThroughElectionTimeouts();
        n.node.campaign();
        n.node.handle(new TimeoutNow(2, 1));

        assertThat(n.drain(VoteRequest.class)).isEmpty();
        assertThat(n.node.role()).isEqualTo(RaftNode.Role.FOLLOWER);
        assertThat(n.node.term()).isEqualTo(2);
        assertThat(n.hard).isEqualTo(new HardState(2, -1));
    }

    @Test
    void a_recovering_node_follows_a_leader_and_flags_its_acknowledgements() {
        OneNode n = damaged();

        n.append(1, 2, 10, 1, 15, 2, 0);
        n.flush();

        List<AppendResponse> acks = n.drain(AppendResponse.class);
        assertThat(acks).isNotEmpty().allMatch(AppendResponse::recovering);
        assertThat(acks.get(acks.size() - 1).matchEnd()).isEqualTo(15);
        assertThat(n.log.endOffset()).isEqualTo(15);
        assertThat(n.node.isRecovering()).isTrue();
    }

    @Test
    void it_leaves_once_it_has_fsynced_the_leaders_commit_of_its_term_up_to_what_it_had_acknowledged() {
        OneNode n = damaged();

        n.append(1, 2, 10, 1, 25, 2, 25);
        assertThat(n.node.isRecovering()).as("matched, but not yet fsynced").isTrue();
        n.flush();

        assertThat(n.node.isRecovering()).isFalse();
        assertThat(n.recoveredAt).isEqualTo(25);
        List<AppendResponse> acks = n.drain(AppendResponse.class);
        assertThat(acks.get(acks.size() - 1).recovering()).isFalse();
        assertThat(acks.get(acks.size() - 1).matchEnd()).isEqualTo(25);
    }

    @Test
    void a_commit_end_that_covers_no_entry_of_the_current_term_is_not_enough() {
        OneNode n = damaged();

        n.append(1, 2, 10, 1, 25, 1, 25);
        n.flush();
        assertThat(n.node.isRecovering()).as("entries of term 1 committed by the leader of term 2").isTrue();

        n.append(1, 2, 25, 1, 30, 2, 30);
        n.flush();
        assertThat(n.node.isRecovering()).isFalse();
    }

    @Test
    void in_the_term_it_opened_in_a_commit_end_below_what_it_had_acknowledged_is_not_enough() {
        OneNode n = damaged();

        n.append(1, 2, 10, 1, 18, 2, 18);
        n.flush();
        assertThat(n.node.isRecovering()).as("the leader may still count acknowledgements up to 20 from before the damage").isTrue();

        n.append(1, 2, 18, 2, 22, 2, 22);
        n.flush();
        assertThat(n.node.isRecovering()).isFalse();
        assertThat(n.recoveredAt).isEqualTo(22);
    }

    @Test
    void in_a_later_term_a_commit_end_below_what_it_had_acknowledged_is_enough() {
        OneNode n = damaged();

        n.append(1, 3, 10, 1, 12, 3, 12);
        n.flush();

        assertThat(n.node.isRecovering()).isFalse();
        assertThat(n.recoveredAt).isEqualTo(12);
    }

    @Test
    void a_truncation_by_the_leader_lowers_what_it_must_hold_again() {
        OneNode n = damaged();

        // the leader of term 2 has other entries from offset 5 on: ours were never committed
        n.append(1, 2, 5, 1, 8, 2, 8);
        n.flush();

        assertThat(n.log.endOffset()).isEqualTo(8);
        assertThat(n.node.isRecovering()).isFalse();
    }

    @Test
    void a_leader_does_not_count_the_acknowledgements_of_a_recovering_follower() {
        OneNode leader = leaderOfTermOne();
        long marker = leader.log.endOffset();

        leader.node.handle(new AppendResponse(1, 2, true, marker, -1, RaftLog.NO_TERM, 1, true));
        assertThat(leader.node.commitEnd()).as("the leader and a recovering follower are no majority").isZero();
        assertThat(leader.node.followerMatchEnds()).containsEntry(2, -1L);

        leader.node.handle(new AppendResponse(1, 3, true, marker, -1, RaftLog.NO_TERM, 1, false));
        assertThat(leader.node.commitEnd()).isEqualTo(marker);

        leader.node.handle(new AppendResponse(1, 2, true, marker, -1, RaftLog.NO_TERM, 2, false));
        assertThat(leader.node.followerMatchEnds()).containsEntry(2, marker);
    }

    @Test
    void a_leader_says_whether_its_follower_match_ends_changed_without_building_them() {
        OneNode leader = leaderOfTermOne();
        Map<Integer, Long> before = Map.copyOf(leader.node.followerMatchEnds());
        assertThat(leader.node.followerMatchEndsEqual(before)).isTrue();

        leader.node.handle(new AppendResponse(1, 3, true, leader.log.endOffset(), -1, RaftLog.NO_TERM, 1, false));

        assertThat(leader.node.followerMatchEndsEqual(before)).as("follower 3 caught up").isFalse();
        Map<Integer, Long> after = Map.copyOf(leader.node.followerMatchEnds());
        assertThat(after).isNotEqualTo(before);
        assertThat(leader.node.followerMatchEndsEqual(after)).isTrue();
        assertThat(leader.node.followerMatchEndsEqual(Map.of())).isFalse();
        Map<Integer, Long> oneMore = new HashMap<>(after);
        oneMore.put(9, 0L);
        assertThat(leader.node.followerMatchEndsEqual(oneMore)).isFalse();
    }

    @Test
    void a_leader_does_not_hand_leadership_to_a_recovering_follower() {
        OneNode leader = leaderOfTermOne();
        leader.node.handle(new AppendResponse(1, 2, true, leader.log.endOffset(), -1, RaftLog.NO_TERM, 1, true));
        leader.drain(RaftMessage.class);

        leader.node.transferLeadership(2);

        assertThat(leader.node.isTransferring()).isFalse();
        assertThat(leader.drain(TimeoutNow.class)).isEmpty();
    }

    @Test
    void a_leader_reports_a_follower_it_has_not_heard_from_for_an_election_timeout_as_unknown() {
        OneNode leader = leaderOfTermOne();
        long marker = leader.log.endOffset();
        leader.node.handle(new AppendResponse(1, 2, true, marker, -1, RaftLog.NO_TERM, 1, false));
        leader.node.handle(new AppendResponse(1, 3, true, marker, -1, RaftLog.NO_TERM, 1, false));
        assertThat(leader.node.followerMatchEnds()).containsEntry(2, marker).containsEntry(3, marker);

        for (int i = 0; i < RaftConfig.defaults().electionTimeoutTicks(); i++) {
            leader.node.tick();
            leader.node.handle(new AppendResponse(1, 3, true, marker, -1, RaftLog.NO_TERM, 1, false));
        }

        assertThat(leader.node.followerMatchEnds()).as("2 may have restarted with less").containsEntry(2, -1L).containsEntry(3, marker);
    }
}
