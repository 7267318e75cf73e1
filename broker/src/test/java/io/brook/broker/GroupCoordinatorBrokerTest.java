package io.brook.broker;

import static io.brook.broker.GroupCalls.flat;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.config.BrokerConfig;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DeleteGroupsResponse;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.DescribeGroupsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.GroupDescription;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.protocol.message.ListGroupsRequest;
import io.brook.protocol.message.ListGroupsResponse;
import io.brook.protocol.message.OffsetCommitResponse;
import io.brook.protocol.message.OffsetFetchPartitionResult;
import io.brook.protocol.message.OffsetFetchResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The group APIs on a real broker: membership, assignment, commits and their fencing, admin, restart. */
class GroupCoordinatorBrokerTest {

    private static final String G = "g1";
    private BrokerFixture broker;
    private GroupCalls calls;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerFixture.start(Map.of(BrokerConfig.GROUPS_TOPIC_PARTITIONS, "2"));
        calls = new GroupCalls(broker.port());
        calls.createTopic("t", 6);
        calls.awaitCoordinator(G);
    }

    @AfterEach
    void stop() throws Exception {
        calls.close();
        broker.close();
    }

    @Test
    void two_members_share_six_partitions_and_a_partition_moves_only_after_its_owner_revoked_it() {
        // given a owns all six partitions
        GroupHeartbeatResponse a = calls.join(G, "a", "t");
        assertThat(a.getErrorCode()).as(a.getErrorMessage()).isEqualTo(ErrorCode.NONE);
        assertThat(flat(a.getAssignmentList())).hasSize(6);
        assertThat(a.getHeartbeatIntervalMs()).isEqualTo(5000);

        // when b joins, it gets nothing a still holds
        GroupHeartbeatResponse b = calls.join(G, "b", "t");
        assertThat(flat(b.getAssignmentList())).isEmpty();
        // a is told to keep three
        GroupHeartbeatResponse aTold = calls.beat(G, "a", a.getMemberEpoch(), a.getAssignmentList());
        assertThat(flat(aTold.getAssignmentList())).hasSize(3);
        // b still gets nothing while a has not said it stopped the other three
        b = calls.beat(G, "b", b.getMemberEpoch(), b.getAssignmentList());
        assertThat(flat(b.getAssignmentList())).isEmpty();

        // then, once a reports owning only its three, b gets the other three
        GroupHeartbeatResponse aDone = calls.beat(G, "a", aTold.getMemberEpoch(), aTold.getAssignmentList());
        b = calls.beat(G, "b", b.getMemberEpoch(), b.getAssignmentList());
        assertThat(flat(b.getAssignmentList())).hasSize(3).doesNotContainAnyElementsOf(flat(aDone.getAssignmentList()));
        Set<String> all = new HashSet<>(flat(b.getAssignmentList()));
        all.addAll(flat(aDone.getAssignmentList()));
        assertThat(all).hasSize(6);
    }

    @Test
    void a_member_commits_and_the_group_fetches_its_offset() {
        // given a member
        GroupHeartbeatResponse a = calls.join(G, "a", "t");

        // when it commits with its epoch
        OffsetCommitResponse r = calls.commit(G, "a", a.getMemberEpoch(), "t", 2, 42, "hello");

        // then the commit is taken and fetched back
        assertThat(r.getErrorCode()).as(r.getErrorMessage()).isEqualTo(ErrorCode.NONE);
        assertThat(r.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
        OffsetFetchPartitionResult fetched = onlyOffset(calls.fetch(G));
        assertThat(fetched.getPartition()).isEqualTo(2);
        assertThat(fetched.getOffset()).isEqualTo(42);
        assertThat(fetched.getMetadata()).isEqualTo("hello");
        assertThat(fetched.getTerm()).isEqualTo(1);
    }

    @Test
    void a_commit_of_a_stale_member_epoch_is_refused() {
        // given a member whose epoch moved on (b joined, a revoked half its partitions and advanced)
        GroupHeartbeatResponse a = calls.join(G, "a", "t");
        int oldEpoch = a.getMemberEpoch();
        calls.join(G, "b", "t");
        GroupHeartbeatResponse aTold = calls.beat(G, "a", a.getMemberEpoch(), a.getAssignmentList());
        GroupHeartbeatResponse aNow = calls.beat(G, "a", aTold.getMemberEpoch(), aTold.getAssignmentList());
        assertThat(aNow.getMemberEpoch()).isGreaterThan(oldEpoch);

        // when it commits with its old epoch (a zombie of itself)
        OffsetCommitResponse r = calls.commit(G, "a", oldEpoch, "t", 0, 10, "");

        // then the commit is refused and nothing is recorded
        assertThat(r.getErrorCode()).isEqualTo(ErrorCode.STALE_MEMBER_EPOCH);
        assertThat(calls.fetch(G).getTopicsList()).isEmpty();
        // and with its current epoch it is taken
        assertThat(calls.commit(G, "a", aNow.getMemberEpoch(), "t", 0, 10, "").getErrorCode()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void a_commit_of_an_unknown_member_or_of_an_outsider_to_a_group_with_members_is_refused() {
        // given a group with a member
        GroupHeartbeatResponse a = calls.join(G, "a", "t");

        // when someone not in the group commits, then it is refused
        assertThat(calls.commit(G, "zombie", a.getMemberEpoch(), "t", 0, 5, "").getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(calls.commit(G, "", -1, "t", 0, 5, "").getErrorCode()).isEqualTo(ErrorCode.NON_EMPTY_GROUP);
        assertThat(calls.fetch(G).getTopicsList()).isEmpty();

        // and once the group is empty, an outsider (assign() or reset-offsets) may commit
        assertThat(calls.leave(G, "a").getErrorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(calls.commit(G, "", -1, "t", 0, 5, "").getErrorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(onlyOffset(calls.fetch(G)).getOffset()).isEqualTo(5);
    }

    @Test
    void a_group_with_members_cannot_be_deleted_and_an_empty_one_can() {
        // given a group with a member and an offset
        GroupHeartbeatResponse a = calls.join(G, "a", "t");
        calls.commit(G, "a", a.getMemberEpoch(), "t", 0, 7, "");

        // when it is deleted with a member, then it is refused
        assertThat(delete(G).getResults(0).getErrorCode()).isEqualTo(ErrorCode.NON_EMPTY_GROUP);

        // and once the member left, the group and its offsets go
        calls.leave(G, "a");
        assertThat(delete(G).getResults(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(calls.fetch(G).getTopicsList()).isEmpty();
        assertThat(describe(G).getErrorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
        assertThat(delete(G).getResults(0).getErrorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
    }

    @Test
    void describe_and_list_show_the_members_their_clients_and_the_state() {
        // given two members, one reconciling
        GroupHeartbeatResponse a = calls.join(G, "a", "t");
        GroupHeartbeatResponse b = calls.join(G, "b", "t");

        // when described
        GroupDescription d = describe(G);

        // then
        assertThat(d.getErrorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(d.getState()).isEqualTo("reconciling");
        assertThat(d.getAssignor()).isEqualTo("uniform");
        assertThat(d.getCoordinatorId()).isEqualTo(broker.broker().config().brokerId());
        assertThat(d.getMembersList()).extracting(m -> m.getMemberId()).containsExactly("a", "b");
        assertThat(d.getMembers(0).getClientId()).isEqualTo("client-a");
        assertThat(d.getMembers(0).getClientHost()).isEqualTo("127.0.0.1");
        assertThat(flat(d.getMembers(0).getAssignmentList())).hasSize(6);
        assertThat(flat(d.getMembers(0).getTargetList())).hasSize(3);
        ListGroupsResponse list = calls.call(ApiKey.LIST_GROUPS, ListGroupsRequest.getDefaultInstance(), ListGroupsResponse.parser());
        assertThat(list.getGroupsList()).anySatisfy(g -> {
            assertThat(g.getGroupId()).isEqualTo(G);
            assertThat(g.getMemberCount()).isEqualTo(2);
        });

        // and once settled, stable
        GroupHeartbeatResponse aTold = calls.beat(G, "a", a.getMemberEpoch(), a.getAssignmentList());
        calls.beat(G, "a", aTold.getMemberEpoch(), aTold.getAssignmentList());
        b = calls.beat(G, "b", b.getMemberEpoch(), b.getAssignmentList());
        calls.beat(G, "b", b.getMemberEpoch(), b.getAssignmentList());
        assertThat(describe(G).getState()).isEqualTo("stable");
    }

    @Test
    void the_group_survives_a_broker_restart_members_assignments_and_offsets_reloaded_from_groups() throws Exception {
        // given a member with three partitions of its own after b joined, and a commit
        GroupHeartbeatResponse a = calls.join(G, "a", "t");
        calls.join(G, "b", "t");
        GroupHeartbeatResponse aTold = calls.beat(G, "a", a.getMemberEpoch(), a.getAssignmentList());
        GroupHeartbeatResponse aNow = calls.beat(G, "a", aTold.getMemberEpoch(), aTold.getAssignmentList());
        assertThat(calls.commit(G, "a", aNow.getMemberEpoch(), "t", 1, 99, "m").getErrorCode()).isEqualTo(ErrorCode.NONE);

        // when the broker restarts
        calls.close();
        broker.restart();
        calls = new GroupCalls(broker.port());
        calls.awaitCoordinator(G);

        // then the offset, the members and a's epoch and assignment are back: a keeps heartbeating as if nothing happened
        assertThat(onlyOffset(calls.fetch(G)).getOffset()).isEqualTo(99);
        GroupDescription d = describe(G);
        assertThat(d.getMembersList()).extracting(m -> m.getMemberId()).containsExactly("a", "b");
        GroupHeartbeatResponse again = calls.beat(G, "a", aNow.getMemberEpoch(), aNow.getAssignmentList());
        assertThat(again.getErrorCode()).as(again.getErrorMessage()).isEqualTo(ErrorCode.NONE);
        assertThat(again.getMemberEpoch()).isEqualTo(aNow.getMemberEpoch());
        assertThat(flat(again.getAssignmentList())).isEqualTo(flat(aNow.getAssignmentList()));
        // and a stale epoch is still refused after the reload
        assertThat(calls.commit(G, "a", a.getMemberEpoch(), "t", 1, 100, "").getErrorCode()).isEqualTo(ErrorCode.STALE_MEMBER_EPOCH);
    }

    private GroupDescription describe(String group) {
        DescribeGroupsResponse r = calls.call(ApiKey.DESCRIBE_GROUPS, DescribeGroupsRequest.newBuilder().addGroupIds(group).build(),
                DescribeGroupsResponse.parser());
        return r.getGroups(0);
    }

    private DeleteGroupsResponse delete(String group) {
        return calls.call(ApiKey.DELETE_GROUPS, DeleteGroupsRequest.newBuilder().addGroupIds(group).build(), DeleteGroupsResponse.parser());
    }

    static OffsetFetchPartitionResult onlyOffset(OffsetFetchResponse r) {
        assertThat(r.getErrorCode()).as(r.getErrorMessage()).isEqualTo(ErrorCode.NONE);
        assertThat(r.getTopicsList()).hasSize(1);
        assertThat(r.getTopics(0).getPartitionsList()).hasSize(1);
        return r.getTopics(0).getPartitions(0);
    }
}
