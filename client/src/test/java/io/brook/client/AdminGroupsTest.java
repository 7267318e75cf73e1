package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.FakeGroups;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Admin's consumer group operations against fake brokers: routing to the coordinator, retries, errors. */
class AdminGroupsTest {

    private FakeCluster cluster;
    private FakeGroups groups;
    private Admin admin;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        groups = cluster.groups();
        admin = new Admin(TestClients.admin(cluster).build());
    }

    @AfterEach
    void stop() {
        admin.close();
        cluster.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void list_groups_merges_the_groups_of_every_broker_sorted_by_id() throws Exception {
        // given groups coordinated by both brokers
        groups.place("zeta", 0);
        groups.place("alpha", 1);
        groups.place("mid", 1);
        groups.addMember("mid", FakeGroups.member("m1", "t", 0));

        // when
        List<GroupListing> listed = get(admin.listGroups());

        // then
        assertThat(listed).containsExactly(new GroupListing("alpha", GroupState.EMPTY, 0),
                new GroupListing("mid", GroupState.STABLE, 1), new GroupListing("zeta", GroupState.EMPTY, 0));
        assertThat(cluster.broker(0).requestCount(ApiKey.LIST_GROUPS)).isEqualTo(1);
        assertThat(cluster.broker(1).requestCount(ApiKey.LIST_GROUPS)).isEqualTo(1);
    }

    @Test
    void group_requests_go_to_the_coordinator_found_with_find_coordinator() throws Exception {
        // given a group coordinated by broker 1 (the bootstrap broker is 0)
        groups.place("g", 1);
        get(admin.alterGroupOffsets("g", Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(5, 2, "m"))));

        // when
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listGroupOffsets("g"));

        // then
        assertThat(offsets).containsExactly(Map.entry(new TopicPartition("t", 0), new OffsetAndMetadata(5, 2, "m")));
        assertThat(cluster.broker(1).requestCount(ApiKey.OFFSET_COMMIT)).isEqualTo(1);
        assertThat(cluster.broker(1).requestCount(ApiKey.OFFSET_FETCH)).isEqualTo(1);
        assertThat(cluster.broker(0).requestCount(ApiKey.OFFSET_FETCH)).isZero();
    }

    @Test
    void a_not_coordinator_answer_makes_the_client_find_the_coordinator_again_and_retry() throws Exception {
        // given a coordinator that answers NOT_COORDINATOR once
        groups.place("g", 1);
        cluster.broker(1).failNext(ApiKey.DESCRIBE_GROUPS, ErrorCode.NOT_COORDINATOR);

        // when
        GroupDescription d = get(admin.describeGroups(List.of("g"))).get("g");

        // then
        assertThat(d.state()).isEqualTo(GroupState.EMPTY);
        int finds = cluster.broker(0).requestCount(ApiKey.FIND_COORDINATOR) + cluster.broker(1).requestCount(ApiKey.FIND_COORDINATOR);
        assertThat(finds).isEqualTo(2);
        assertThat(cluster.broker(1).requestCount(ApiKey.DESCRIBE_GROUPS)).isEqualTo(2);
    }

    @Test
    void a_group_that_moved_is_followed_to_its_new_coordinator() throws Exception {
        // given a group on broker 0, then moved to broker 1 after the client found broker 0
        groups.place("g", 0);
        cluster.broker(0).holdResponses(ApiKey.FIND_COORDINATOR);
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> offsets = admin.listGroupOffsets("g");
        org.awaitility.Awaitility.await().until(() -> cluster.broker(0).heldResponseCount() == 1);
        groups.place("g", 1);
        cluster.broker(0).releaseResponses();

        // when the request reaches broker 0, which answers NOT_COORDINATOR
        assertThat(get(offsets)).isEmpty();

        // then the client asked again and went to broker 1
        assertThat(cluster.broker(0).requestCount(ApiKey.OFFSET_FETCH)).isEqualTo(1);
        assertThat(cluster.broker(1).requestCount(ApiKey.OFFSET_FETCH)).isEqualTo(1);
    }

    @Test
    void coordinator_not_available_and_loading_are_retried() throws Exception {
        // given
        groups.place("g", 0);
        cluster.broker(0).failNext(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE);
        cluster.broker(0).failNext(ApiKey.OFFSET_FETCH, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);

        // when / then
        assertThat(get(admin.listGroupOffsets("g"))).isEmpty();
        assertThat(cluster.broker(0).requestCount(ApiKey.OFFSET_FETCH)).isEqualTo(2);
    }

    @Test
    void a_coordinator_that_never_becomes_available_times_out_naming_the_last_error() {
        // given an admin with a short timeout, and a cluster whose coordinator is never available
        try (Admin quick = new Admin(TestClients.admin(cluster).defaultApiTimeoutMs(500).build())) {
            for (int i = 0; i < 200; i++) {
                cluster.broker(0).failNext(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE);
                cluster.broker(1).failNext(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE);
            }

            // when
            Throwable t = TestClients.failureOf(quick.listGroupOffsets("g"));

            // then
            assertThat(t).isInstanceOf(TimeoutException.class).hasMessageContaining("listing the offsets of group 'g'")
                    .hasMessageContaining("coordinator is not available");
        }
    }

    @Test
    void describe_returns_members_with_their_assignments() throws Exception {
        // given
        groups.place("g", 1);
        groups.addMember("g", FakeGroups.member("m1", "t", 2, 0));
        groups.addMember("g", FakeGroups.member("m2", "t", 1).toBuilder().setInstanceId("i-2").build());

        // when
        GroupDescription d = get(admin.describeGroups(List.of("g"))).get("g");

        // then
        assertThat(d.state()).isEqualTo(GroupState.STABLE);
        assertThat(d.coordinatorId()).isEqualTo(1);
        assertThat(d.assignor()).isEqualTo("uniform");
        assertThat(d.members()).hasSize(2);
        MemberDescription m1 = d.members().get(0);
        assertThat(m1.memberId()).isEqualTo("m1");
        assertThat(m1.instanceId()).isEmpty();
        assertThat(m1.clientId()).isEqualTo("client-m1");
        assertThat(m1.subscribedTopics()).containsExactly("t");
        assertThat(m1.assignment()).containsExactly(new TopicPartition("t", 0), new TopicPartition("t", 2));
        assertThat(m1.pendingRevocation()).isEmpty();
        assertThat(d.members().get(1).instanceId()).isEqualTo(Optional.of("i-2"));
    }

    @Test
    void describing_an_unknown_group_fails_with_group_id_not_found_naming_it() {
        Throwable t = TestClients.failureOf(admin.describeGroups(List.of("nosuch")));
        assertThat(t).isInstanceOf(GroupIdNotFoundException.class).hasMessageContaining("group 'nosuch' does not exist");
    }

    @Test
    void altering_the_offsets_of_a_group_with_members_fails_with_group_not_empty() {
        // given
        groups.addMember("busy", FakeGroups.member("m1", "t", 0));

        // when
        Throwable t = TestClients.failureOf(admin.alterGroupOffsets("busy", Map.of(new TopicPartition("t", 0),
                new OffsetAndMetadata(1))));

        // then
        assertThat(t).isInstanceOf(GroupNotEmptyException.class).hasMessageContaining("group 'busy' still has members");
        assertThat(groups.committed("busy", "t", 0)).isEqualTo(-1);
    }

    @Test
    void delete_removes_empty_groups_and_reports_the_others() throws Exception {
        // given
        groups.place("old", 1);
        groups.place("busy", 0);
        groups.addMember("busy", FakeGroups.member("m1", "t", 0));

        // when
        Throwable t = TestClients.failureOf(admin.deleteGroups(List.of("busy", "old", "nosuch")));

        // then the empty group is gone; the first failure is thrown, the other suppressed in it
        assertThat(groups.exists("old")).isFalse();
        assertThat(groups.exists("busy")).isTrue();
        assertThat(t).isInstanceOf(GroupNotEmptyException.class);
        assertThat(t.getSuppressed()).singleElement().isInstanceOf(GroupIdNotFoundException.class);
        get(admin.deleteGroups(Set.of()));
    }

    @Test
    void an_invalid_group_id_fails_before_anything_is_sent() {
        // when
        Throwable t = TestClients.failureOf(admin.listGroupOffsets("bad/id"));

        // then
        assertThat(t).isInstanceOf(InvalidGroupIdException.class).hasMessageContaining("'/'");
        assertThat(((BrookException) t).errorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(cluster.broker(0).requestCount(ApiKey.FIND_COORDINATOR)).isZero();
        assertThat(TestClients.failureOf(admin.describeGroups(List.of("")))).isInstanceOf(InvalidGroupIdException.class);
    }

    @Test
    void a_broker_that_rejects_the_group_id_fails_with_invalid_group_id() {
        cluster.broker(0).failNext(ApiKey.FIND_COORDINATOR, ErrorCode.INVALID_GROUP_ID);
        assertThat(TestClients.failureOf(admin.deleteGroups(List.of("g")))).isInstanceOf(InvalidGroupIdException.class)
                .hasMessageContaining("group id 'g' is invalid");
    }
}
