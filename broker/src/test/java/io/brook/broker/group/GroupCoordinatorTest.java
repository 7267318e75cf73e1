package io.brook.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.group.HeartbeatResult.Accepted;
import io.brook.broker.group.HeartbeatResult.Rejected;
import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

/** One rule of the coordinator per test, given/when/then. */
class GroupCoordinatorTest {

    private static final long SESSION_MS = 10_000;
    private static final Set<String> T = Set.of("t");

    private final GroupCoordinator coordinator = new GroupCoordinator(Assignor.defaultAssignor(), SESSION_MS);
    private final List<GroupEvent> events = new ArrayList<>();
    private long now = 1_000;

    private static TopicPartition tp(int partition) {
        return new TopicPartition("t", partition);
    }

    private Accepted accepted(HeartbeatResult result) {
        events.addAll(coordinator.drainEvents());
        assertThat(result).isInstanceOf(Accepted.class);
        return (Accepted) result;
    }

    private Accepted join(String member) {
        return accepted(coordinator.heartbeat(HeartbeatRequest.join(member, T), now));
    }

    private Accepted beat(String member, int epoch, Set<TopicPartition> owned) {
        return accepted(coordinator.heartbeat(HeartbeatRequest.of(member, epoch, owned), now));
    }

    /** Heartbeats as a well-behaved member that consumes exactly what it was last given, until stable. */
    private Accepted settle(String member) {
        Accepted last = null;
        for (int i = 0; i < 4; i++) {
            Member m = coordinator.state().member(member).orElseThrow();
            last = beat(member, m.memberEpoch(), m.assigned());
        }
        return last;
    }

    private Member member(String id) {
        return coordinator.state().member(id).orElseThrow();
    }

    @Test
    void a_first_member_gets_every_partition_at_the_group_epoch() {
        // given a topic of four partitions
        coordinator.topicPartitions("t", 4, now);

        // when one member joins
        Accepted response = join("a");

        // then it may consume all four at once, and is stable
        assertThat(response.assigned()).containsExactly(tp(0), tp(1), tp(2), tp(3));
        assertThat(response.memberEpoch()).isEqualTo(coordinator.state().groupEpoch());
    }

    @Test
    void a_partition_moves_only_after_its_previous_owner_acknowledges_the_revocation() {
        // given a owns all four partitions
        coordinator.topicPartitions("t", 4, now);
        Accepted a = join("a");

        // when b joins, it is given nothing a still holds
        Accepted b = join("b");
        assertThat(b.assigned()).isEmpty();
        // and a, heartbeating, is told to keep two and revoke two, at its old epoch
        Accepted aTold = beat("a", a.memberEpoch(), a.assigned());
        assertThat(aTold.assigned()).hasSize(2);
        assertThat(aTold.memberEpoch()).isEqualTo(a.memberEpoch());
        // and b still gets nothing while a keeps reporting them as owned
        assertThat(beat("b", b.memberEpoch(), Set.of()).assigned()).isEmpty();
        beat("a", a.memberEpoch(), a.assigned());
        assertThat(beat("b", b.memberEpoch(), Set.of()).assigned()).isEmpty();

        // then once a reports it no longer owns them, b gets them
        Accepted aDone = beat("a", a.memberEpoch(), aTold.assigned());
        assertThat(aDone.memberEpoch()).isEqualTo(coordinator.state().groupEpoch());
        Accepted bNow = beat("b", b.memberEpoch(), Set.of());
        assertThat(bNow.assigned()).hasSize(2).doesNotContainAnyElementsOf(aDone.assigned());
    }

    @Test
    void a_member_whose_partitions_do_not_move_is_never_told_to_stop_consuming_them() {
        // given a and b share six partitions, stable
        coordinator.topicPartitions("t", 6, now);
        join("a");
        join("b");
        settle("a");
        settle("b");
        SortedSet<TopicPartition> aBefore = settle("a").assigned();

        // when c joins and everyone reconciles
        join("c");
        List<SortedSet<TopicPartition>> toldToA = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String m : List.of("a", "b", "c")) {
                Accepted r = beat(m, member(m).memberEpoch(), member(m).assigned());
                if (m.equals("a")) {
                    toldToA.add(r.assigned());
                }
            }
        }

        // then a gave up exactly one partition and every response kept the ones it still has
        SortedSet<TopicPartition> aAfter = member("a").assigned();
        assertThat(aAfter).hasSize(2);
        assertThat(aBefore).containsAll(aAfter);
        assertThat(toldToA).allSatisfy(told -> assertThat(told).containsAll(aAfter));
        assertThat(member("c").assigned()).hasSize(2);
    }

    @Test
    void an_unknown_member_is_told_UNKNOWN_MEMBER_ID() {
        HeartbeatResult result = coordinator.heartbeat(HeartbeatRequest.of("ghost", 3, Set.of()), now);

        assertThat(result).isInstanceOf(Rejected.class).extracting(r -> ((Rejected) r).error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }

    @Test
    void a_wrong_member_epoch_is_told_FENCED_MEMBER_EPOCH_and_frees_its_partitions() {
        // given a owns two partitions
        coordinator.topicPartitions("t", 2, now);
        Accepted a = join("a");

        // when it heartbeats with an epoch it was never given
        HeartbeatResult result = coordinator.heartbeat(HeartbeatRequest.of("a", a.memberEpoch() + 5, a.assigned()), now);

        // then it is fenced and removed
        assertThat(((Rejected) result).error()).isEqualTo(GroupError.FENCED_MEMBER_EPOCH);
        assertThat(coordinator.state().members()).isEmpty();
        assertThat(join("b").assigned()).hasSize(2);
    }

    @Test
    void a_member_that_lost_a_response_is_accepted_with_its_previous_epoch() {
        // given a stable member whose epoch then advances while the response is lost
        coordinator.topicPartitions("t", 2, now);
        Accepted a = join("a");
        coordinator.topicPartitions("t", 3, now);
        Accepted advanced = beat("a", a.memberEpoch(), a.assigned());
        assertThat(advanced.memberEpoch()).isGreaterThan(a.memberEpoch());

        // when it heartbeats again with the old epoch and the partitions it had
        Accepted again = beat("a", a.memberEpoch(), a.assigned());

        // then it is accepted and told the new epoch
        assertThat(again.memberEpoch()).isEqualTo(advanced.memberEpoch());
        assertThat(again.assigned()).hasSize(3);
    }

    @Test
    void a_member_that_misses_heartbeats_for_the_session_timeout_is_fenced_and_its_partitions_move() {
        // given a and b each own two partitions
        coordinator.topicPartitions("t", 4, now);
        join("a");
        join("b");
        settle("a");
        settle("b");

        // when b heartbeats just within the timeout and a does not heartbeat at all
        now += SESSION_MS;
        settle("b");
        now += 1;
        List<String> expired = coordinator.expireSessions(now);

        // then a is fenced and b gets all four
        assertThat(expired).containsExactly("a");
        assertThat(settle("b").assigned()).hasSize(4);
    }

    @Test
    void a_clean_leave_releases_partitions_at_once() {
        // given a and b each own two partitions
        coordinator.topicPartitions("t", 4, now);
        join("a");
        join("b");
        settle("a");
        settle("b");

        // when a leaves
        Accepted left = accepted(coordinator.heartbeat(HeartbeatRequest.leave("a"), now));

        // then b's next heartbeats give it all four, without waiting for any timeout
        assertThat(left.memberEpoch()).isEqualTo(HeartbeatRequest.LEAVE_EPOCH);
        assertThat(settle("b").assigned()).hasSize(4);
    }

    @Test
    void a_static_member_restarting_within_the_session_timeout_gets_its_partitions_back_and_nothing_moves() {
        // given static members s1 and s2 own two partitions each
        coordinator.topicPartitions("t", 4, now);
        accepted(coordinator.heartbeat(HeartbeatRequest.joinStatic("p1", "s1", T), now));
        accepted(coordinator.heartbeat(HeartbeatRequest.joinStatic("p2", "s2", T), now));
        settle("p1");
        SortedSet<TopicPartition> p2Had = settle("p2").assigned();
        SortedSet<TopicPartition> p1Had = settle("p1").assigned();
        int epoch = coordinator.state().groupEpoch();

        // when s1 leaves temporarily and restarts as a new process within the session timeout
        accepted(coordinator.heartbeat(new HeartbeatRequest("p1", Optional.of("s1"), HeartbeatRequest.STATIC_LEAVE_EPOCH, null, null), now));
        now += SESSION_MS - 1;
        settle("p2");
        Accepted back = accepted(coordinator.heartbeat(HeartbeatRequest.joinStatic("p1-restarted", "s1", T), now));

        // then it gets the same partitions at once, under the same group epoch, and s2 kept its own
        assertThat(back.assigned()).isEqualTo(p1Had);
        assertThat(coordinator.state().groupEpoch()).isEqualTo(epoch);
        assertThat(settle("p2").assigned()).isEqualTo(p2Had);
        assertThat(coordinator.heartbeat(HeartbeatRequest.of("p1", back.memberEpoch(), Set.of()), now))
                .isInstanceOf(Rejected.class);
    }

    @Test
    void a_static_member_that_does_not_come_back_within_the_session_timeout_is_fenced() {
        // given static member s1 left temporarily
        coordinator.topicPartitions("t", 2, now);
        accepted(coordinator.heartbeat(HeartbeatRequest.joinStatic("p1", "s1", T), now));
        join("b");
        accepted(coordinator.heartbeat(new HeartbeatRequest("p1", Optional.of("s1"), HeartbeatRequest.STATIC_LEAVE_EPOCH, null, null), now));

        // when the session timeout passes while b heartbeats
        now += SESSION_MS / 2;
        settle("b");
        now += SESSION_MS / 2 + 1;

        // then s1 is gone and b owns both partitions
        assertThat(settle("b").assigned()).hasSize(2);
        assertThat(coordinator.state().members().keySet()).containsExactly("b");
    }

    @Test
    void the_group_epoch_is_bumped_by_a_subscription_change_and_a_subscribed_topic_growing_only() {
        // given a member of t
        coordinator.topicPartitions("t", 2, now);
        join("a");
        int epoch = coordinator.state().groupEpoch();

        // when an unsubscribed topic grows, then t grows, then the subscription changes
        coordinator.topicPartitions("other", 3, now);
        int afterOther = coordinator.state().groupEpoch();
        coordinator.topicPartitions("t", 3, now);
        int afterGrow = coordinator.state().groupEpoch();
        accepted(coordinator.heartbeat(new HeartbeatRequest("a", Optional.empty(), member("a").memberEpoch(),
                new java.util.TreeSet<>(Set.of("t", "other")), member("a").assigned()), now));

        // then only the last two bumped it
        assertThat(afterOther).isEqualTo(epoch);
        assertThat(afterGrow).isEqualTo(epoch + 1);
        assertThat(coordinator.state().groupEpoch()).isEqualTo(epoch + 2);
        assertThat(settle("a").assigned()).hasSize(6);
    }

    @Test
    void replaying_the_emitted_events_rebuilds_an_equal_state() {
        // given a group that went through joins, a revocation and a leave
        coordinator.topicPartitions("t", 5, now);
        join("a");
        join("b");
        settle("a");
        settle("b");
        accepted(coordinator.heartbeat(HeartbeatRequest.leave("a"), now));
        settle("b");

        // when the events are replayed, and when a new coordinator recovers from them
        GroupState replayed = GroupState.replay(events);
        GroupCoordinator recovered = GroupCoordinator.recover(events, Assignor.defaultAssignor(), SESSION_MS, now);

        // then both equal the original, and the recovered one answers b as the original would
        assertThat(replayed).isEqualTo(coordinator.state());
        assertThat(recovered.state()).isEqualTo(coordinator.state());
        Member b = member("b");
        assertThat(recovered.heartbeat(HeartbeatRequest.of("b", b.memberEpoch(), b.assigned()), now))
                .isEqualTo(coordinator.heartbeat(HeartbeatRequest.of("b", b.memberEpoch(), b.assigned()), now));
    }

    @Test
    void a_member_that_does_not_revoke_within_its_rebalance_timeout_is_fenced_and_its_partitions_move() {
        // given a owns four partitions, with a rebalance timeout of 3 s, and b joins
        coordinator.topicPartitions("t", 4, now);
        Accepted a = accepted(coordinator.heartbeat(HeartbeatRequest.join("a", T), 3_000, now));
        join("b");
        // a is told to revoke two, and keeps heartbeating as if it still consumed all four
        Accepted aTold = accepted(coordinator.heartbeat(HeartbeatRequest.of("a", a.memberEpoch(), a.assigned()), 3_000, now));
        assertThat(member("a").pendingRevocation()).hasSize(2);

        // when a keeps heartbeating within its session but past its rebalance timeout
        now += 2_000;
        accepted(coordinator.heartbeat(HeartbeatRequest.of("a", aTold.memberEpoch(), a.assigned()), 3_000, now));
        assertThat(coordinator.state().member("a")).isPresent();
        now += 1_500;
        List<String> fenced = coordinator.expireSessions(now);

        // then a is fenced for it, and b gets every partition
        assertThat(fenced).containsExactly("a");
        assertThat(coordinator.drainEvents()).contains(new GroupEvent.MemberRemoved("a", GroupEvent.RemovalReason.REBALANCE_TIMEOUT));
        assertThat(settle("b").assigned()).containsExactly(tp(0), tp(1), tp(2), tp(3));
    }

    @Test
    void a_member_that_revokes_in_time_is_not_fenced_by_its_rebalance_timeout() {
        // given a owns four partitions with a rebalance timeout of 3 s and is told to revoke two
        coordinator.topicPartitions("t", 4, now);
        Accepted a = accepted(coordinator.heartbeat(HeartbeatRequest.join("a", T), 3_000, now));
        join("b");
        Accepted aTold = accepted(coordinator.heartbeat(HeartbeatRequest.of("a", a.memberEpoch(), a.assigned()), 3_000, now));

        // when it acknowledges within the timeout, and time passes well beyond it
        now += 1_000;
        accepted(coordinator.heartbeat(HeartbeatRequest.of("a", aTold.memberEpoch(), aTold.assigned()), 3_000, now));
        now += 5_000;

        // then it stays
        assertThat(coordinator.expireSessions(now)).isEmpty();
        assertThat(coordinator.state().member("a")).isPresent();
    }
}
