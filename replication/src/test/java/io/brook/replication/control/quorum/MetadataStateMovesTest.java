package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replica moves in the controller's state machine: reassign, replace, cancel, complete, stale completions, validation. */
class MetadataStateMovesTest {

    private static final long LIVE_MS = 10_000;

    private final MetadataState state = new MetadataState();
    private final long now = 1_000_000;

    @BeforeEach
    void given_five_brokers_and_a_topic_on_the_first_three() {
        for (int id = 1; id <= 5; id++) {
            state.apply(new MetadataCommand.RegisterBroker(MetadataStateTest.broker(id)), now);
        }
        state.apply(new MetadataCommand.CreateTopic("t", "t-id", 2, 3, Map.of(), false, LIVE_MS), now);
        // pin partition 0 to [1, 2, 3] whatever creation chose: a reorder of its own members, or a move completed
        PartitionAssignment p0 = partition(0);
        if (!PartitionMoves.sameMembers(p0.replicas(), List.of(1, 2, 3))) {
            reassign(move(0, 1, 2, 3));
            complete(0, "t-id", List.of(1, 2, 3), 1, 1);
        } else {
            reassign(move(0, 1, 2, 3));
        }
        assertThat(partition(0).replicas()).containsExactly(1, 2, 3);
        assertThat(partition(0).moving()).isFalse();
    }

    @Test
    void a_reassignment_records_the_target_and_throttle_and_keeps_the_replicas() {
        long before = state.version();

        MetadataState.Applied a = reassign(new Reassignment("t", 0, List.of(4, 2, 3), 1_000_000));

        assertThat(a.result()).isEqualTo(MetadataResult.OK);
        assertThat(a.version()).isEqualTo(before + 1);
        PartitionAssignment p = partition(0);
        assertThat(p.replicas()).containsExactly(1, 2, 3);
        assertThat(p.targetReplicas()).containsExactly(4, 2, 3);
        assertThat(p.moveThrottleBytesPerSec()).isEqualTo(1_000_000);
        assertThat(p.moving()).isTrue();
        assertThat(p.allReplicas()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void the_completion_makes_the_target_the_replicas_in_its_order_and_records_the_newer_leader() {
        reassign(new Reassignment("t", 0, List.of(4, 2, 3), 500));

        MetadataState.Applied a = complete(0, "t-id", List.of(2, 3, 4), 4, 9);

        assertThat(a.result()).isEqualTo(MetadataResult.OK);
        PartitionAssignment p = partition(0);
        assertThat(p.replicas()).containsExactly(4, 2, 3);
        assertThat(p.moving()).isFalse();
        assertThat(p.moveThrottleBytesPerSec()).isZero();
        assertThat(p.leader()).isEqualTo(4);
        assertThat(p.leaderTerm()).isEqualTo(9);
    }

    @Test
    void a_completion_of_an_older_term_ends_the_move_but_keeps_the_recorded_leader() {
        state.apply(new MetadataCommand.ReportLeader("t", 0, 2, 12), now);
        reassign(move(0, 4, 2, 3));

        complete(0, "t-id", List.of(4, 2, 3), 4, 11);

        assertThat(partition(0).replicas()).containsExactly(4, 2, 3);
        assertThat(partition(0).leader()).isEqualTo(2);
        assertThat(partition(0).leaderTerm()).isEqualTo(12);
    }

    @Test
    void stale_completions_change_nothing_and_succeed() {
        reassign(move(0, 4, 2, 3));
        long version = state.version();

        // other members, another topic id, an unknown topic or partition, a partition that is not moving
        for (MetadataState.Applied a : List.of(complete(0, "t-id", List.of(1, 2, 3), 1, 5),
                complete(0, "old-id", List.of(4, 2, 3), 4, 5), complete(7, "t-id", List.of(4, 2, 3), 4, 5),
                complete(1, "t-id", partition(1).replicas(), 1, 5))) {
            assertThat(a.result().ok()).isTrue();
            assertThat(a.result().message()).startsWith("Ignored");
        }
        state.apply(new MetadataCommand.CompleteReassignment("nope", 0, "x", List.of(1), 1, 1), now);

        assertThat(state.version()).isEqualTo(version);
        assertThat(partition(0).targetReplicas()).containsExactly(4, 2, 3);
    }

    @Test
    void a_target_equal_to_the_replicas_cancels_a_running_move_which_then_completes_back() {
        reassign(move(0, 4, 2, 3));

        reassign(move(0, 1, 2, 3));

        assertThat(partition(0).replicas()).containsExactly(1, 2, 3);
        assertThat(partition(0).targetReplicas()).containsExactly(1, 2, 3);
        // a completion of the abandoned target is stale; the walk back completes
        complete(0, "t-id", List.of(4, 2, 3), 4, 3);
        assertThat(partition(0).moving()).isTrue();
        complete(0, "t-id", List.of(3, 2, 1), 1, 3);
        assertThat(partition(0).moving()).isFalse();
        assertThat(partition(0).replicas()).containsExactly(1, 2, 3);
    }

    @Test
    void a_new_target_replaces_the_running_one() {
        reassign(move(0, 4, 2, 3));

        reassign(new Reassignment("t", 0, List.of(5, 4, 3), 7));

        assertThat(partition(0).replicas()).containsExactly(1, 2, 3);
        assertThat(partition(0).targetReplicas()).containsExactly(5, 4, 3);
        assertThat(partition(0).moveThrottleBytesPerSec()).isEqualTo(7);
    }

    @Test
    void the_same_replicas_without_a_move_change_nothing_and_a_reorder_applies_at_once() {
        long version = state.version();

        assertThat(reassign(move(0, 1, 2, 3)).result()).isEqualTo(MetadataResult.OK);
        assertThat(state.version()).isEqualTo(version);

        reassign(move(0, 3, 1, 2));
        assertThat(partition(0).replicas()).containsExactly(3, 1, 2);
        assertThat(partition(0).moving()).isFalse();
        assertThat(state.version()).isEqualTo(version + 1);
    }

    @Test
    void invalid_reassignments_are_refused_whole_naming_the_bad_entry() {
        long version = state.version();
        Reassignment good = move(1, 5, 4, 3);

        assertRefused(List.of(good, new Reassignment("nope", 0, List.of(1), 0)), Error.UNKNOWN_TOPIC, "'nope' does not exist");
        assertRefused(List.of(good, move(2, 1, 2, 3)), Error.UNKNOWN_TOPIC, "has no partition 2");
        assertRefused(List.of(good, move(0)), Error.INVALID_REPLICA_ASSIGNMENT, "partition 0 of topic 't'");
        assertRefused(List.of(good, move(0, 1, 2, 1)), Error.INVALID_REPLICA_ASSIGNMENT, "name a broker twice");
        assertRefused(List.of(good, move(0, 1, 2, 9)), Error.INVALID_REPLICA_ASSIGNMENT, "broker 9, which is not registered");
        assertRefused(List.of(good, new Reassignment("t", 0, List.of(1, 2, 4), -1)), Error.INVALID_REPLICA_ASSIGNMENT, "negative");
        assertRefused(List.of(good, move(0, 1, 2, 4), move(0, 1, 2, 5)), Error.INVALID_REPLICA_ASSIGNMENT, "twice");

        assertThat(state.version()).isEqualTo(version);
        assertThat(partition(1).moving()).isFalse();
    }

    @Test
    void validate_only_checks_but_records_nothing() {
        long version = state.version();

        MetadataState.Applied a = state.apply(new MetadataCommand.ReassignPartitions(List.of(move(0, 4, 2, 3)), true), now);

        assertThat(a.result()).isEqualTo(MetadataResult.OK);
        assertThat(state.version()).isEqualTo(version);
        assertThat(partition(0).moving()).isFalse();
    }

    @Test
    void leader_reports_keep_the_move() {
        reassign(new Reassignment("t", 0, List.of(4, 2, 3), 99));

        state.apply(new MetadataCommand.ReportLeader("t", 0, 2, 20), now);

        assertThat(partition(0).targetReplicas()).containsExactly(4, 2, 3);
        assertThat(partition(0).moveThrottleBytesPerSec()).isEqualTo(99);
        assertThat(partition(0).leader()).isEqualTo(2);
    }

    @Test
    void a_moving_topic_can_be_deleted_and_new_partitions_do_not_move() {
        reassign(move(0, 4, 2, 3));

        state.apply(new MetadataCommand.AlterTopic("t", 4, Map.of(), List.of(), false, LIVE_MS), now);
        assertThat(partition(0).moving()).isTrue();
        assertThat(partition(2).moving()).isFalse();
        assertThat(partition(3).moving()).isFalse();

        assertThat(state.apply(new MetadataCommand.DeleteTopic("t"), now).result()).isEqualTo(MetadataResult.OK);
        assertThat(state.image().topics()).doesNotContainKey("t");
    }

    @Test
    void a_move_in_progress_survives_a_snapshot() {
        reassign(new Reassignment("t", 0, List.of(4, 2, 3), 1234));

        MetadataState restored = MetadataSnapshot.decode(MetadataSnapshot.encode(state));

        assertThat(restored.image()).isEqualTo(state.image());
        assertThat(restored.image().topics().get("t").partitions().get(0).targetReplicas()).containsExactly(4, 2, 3);
    }

    // ---- helpers

    private void assertRefused(List<Reassignment> moves, Error error, String message) {
        MetadataState.Applied a = state.apply(new MetadataCommand.ReassignPartitions(moves, false), now);
        assertThat(a.result().error()).as("%s", moves).isEqualTo(error);
        assertThat(a.result().message()).contains(message);
    }

    private MetadataState.Applied reassign(Reassignment... moves) {
        return state.apply(new MetadataCommand.ReassignPartitions(List.of(moves), false), now);
    }

    private MetadataState.Applied complete(int partition, String topicId, List<Integer> replicas, int leader, int term) {
        return state.apply(new MetadataCommand.CompleteReassignment("t", partition, topicId, replicas, leader, term), now);
    }

    private static Reassignment move(int partition, Integer... target) {
        return new Reassignment("t", partition, List.of(target), 0);
    }

    private PartitionAssignment partition(int p) {
        return state.image().topics().get("t").partitions().get(p);
    }
}
