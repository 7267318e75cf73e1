package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group configuration checks, misuse of the group API, and the typed exceptions of group errors. */
class ConsumerGroupErrorsTest {

    private static final String TOPIC = "e";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private FakeCluster cluster;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(1);
        cluster.createTopic(TOPIC, 1);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Consumer member() {
        return new Consumer(TestClients.consumer(cluster).groupId("g").build());
    }

    @Test
    void autoCommitDefaultsOnWithAGroupAndIsIgnoredWithout() {
        assertThat(ConsumerConfig.builder().groupId("g").build().enableAutoCommit()).isTrue();
        assertThat(ConsumerConfig.builder().groupId("g").enableAutoCommit(false).build().enableAutoCommit()).isFalse();
        assertThat(ConsumerConfig.builder().enableAutoCommit(true).build().enableAutoCommit()).isFalse();
        assertThat(ConsumerConfig.defaults().autoCommitIntervalMs()).isEqualTo(5_000);
        assertThat(ConsumerConfig.defaults().maxPollIntervalMs()).isEqualTo(300_000);
        assertThat(ConsumerConfig.defaults().groupRemoteAssignor()).isEmpty();
    }

    @Test
    void groupKeysAreReadFromProperties() {
        Properties p = new Properties();
        p.setProperty("group.id", "orders");
        p.setProperty("group.instance.id", "host-2");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("auto.commit.interval.ms", "1000");
        p.setProperty("group.remote.assignor", "range");
        p.setProperty("max.poll.interval.ms", "60000");

        ConsumerConfig c = ConsumerConfig.fromProperties(p);

        assertThat(c.groupId()).isEqualTo("orders");
        assertThat(c.groupInstanceId()).isEqualTo("host-2");
        assertThat(c.enableAutoCommit()).isFalse();
        assertThat(c.autoCommitIntervalMs()).isEqualTo(1000);
        assertThat(c.groupRemoteAssignor()).isEqualTo("range");
        assertThat(c.maxPollIntervalMs()).isEqualTo(60_000);
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    }

    @Test
    void invalidGroupSettingsFailWithClearMessages() {
        assertThatThrownBy(() -> ConsumerConfig.builder().groupInstanceId("host-1").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("group.instance.id")
                .hasMessageContaining("group.id");
        assertThatThrownBy(() -> ConsumerConfig.builder().groupId("g").groupRemoteAssignor("sticky").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("uniform or range");
        assertThatThrownBy(() -> ConsumerConfig.builder().groupId("bad group!").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("group.id");
        assertThatThrownBy(() -> ConsumerConfig.builder().autoCommitIntervalMs(0).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("auto.commit.interval.ms");
    }

    @Test
    void groupCallsWithoutAGroupIdFailClearly() {
        try (Consumer consumer = new Consumer(TestClients.consumer(cluster).build())) {
            assertThatThrownBy(() -> consumer.subscribe(List.of(TOPIC)))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("group.id");
            assertThatThrownBy(() -> consumer.subscribe(Pattern.compile(".*")))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("group.id");
            assertThatThrownBy(consumer::commitSync).isInstanceOf(InvalidConfigException.class);
            assertThatThrownBy(() -> consumer.committed(Set.of(P0))).isInstanceOf(InvalidConfigException.class);
        }
    }

    @Test
    void subscribeAndAssignExcludeEachOther() {
        try (Consumer consumer = member()) {
            consumer.assign(List.of(P0));
            assertThatThrownBy(() -> consumer.subscribe(List.of(TOPIC))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("unsubscribe()");

            consumer.unsubscribe();
            consumer.subscribe(List.of(TOPIC));
            assertThatThrownBy(() -> consumer.assign(List.of(P0))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("unsubscribe()");
        }
    }

    @Test
    void enforceRebalanceNeedsASubscriptionAndResendsTheFullState() {
        try (Consumer consumer = member()) {
            assertThatThrownBy(consumer::enforceRebalance).isInstanceOf(IllegalStateException.class);
            consumer.subscribe(List.of(TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(20));
            }
            int before = cluster.heartbeats().size();

            consumer.enforceRebalance();
            org.awaitility.Awaitility.await().until(() -> cluster.heartbeats().stream().skip(before)
                    .anyMatch(h -> h.getHasSubscription() && h.getHasOwned() && h.getOwnedCount() == 1));
        }
    }

    @Test
    void enforceRebalanceWhileAHeartbeatIsInFlightStillSendsTheFullState() {
        cluster.setHeartbeatIntervalMs(20);
        try (Consumer consumer = member()) {
            consumer.subscribe(List.of(TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(20));
            }
            cluster.broker(0).holdResponses(ApiKey.GROUP_HEARTBEAT);
            org.awaitility.Awaitility.await().until(() -> cluster.broker(0).heldResponseCount() == 1);
            int before = cluster.heartbeats().size();

            consumer.enforceRebalance();
            cluster.broker(0).releaseResponses();

            org.awaitility.Awaitility.await().until(() -> cluster.heartbeats().stream().skip(before)
                    .anyMatch(h -> h.getHasSubscription() && h.getHasOwned() && h.getOwnedCount() == 1));
        }
    }

    @Test
    void commitErrorsMapToTypedExceptions() {
        try (Consumer consumer = member()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(P0, new OffsetAndMetadata(1));

            cluster.broker(0).failNext(ApiKey.OFFSET_COMMIT, ErrorCode.STALE_MEMBER_EPOCH);
            assertThatThrownBy(() -> consumer.commitSync(offsets)).isInstanceOf(CommitFailedException.class);

            cluster.broker(0).failNext(ApiKey.OFFSET_COMMIT, ErrorCode.UNKNOWN_MEMBER_ID);
            assertThatThrownBy(() -> consumer.commitSync(offsets)).isInstanceOf(CommitFailedException.class);

            cluster.broker(0).failNext(ApiKey.OFFSET_COMMIT, ErrorCode.FENCED_MEMBER_EPOCH);
            assertThatThrownBy(() -> consumer.commitSync(offsets)).isInstanceOf(CommitFailedException.class);

            cluster.broker(0).failNext(ApiKey.OFFSET_FETCH, ErrorCode.GROUP_ID_NOT_FOUND);
            assertThatThrownBy(() -> consumer.committed(Set.of(P0))).isInstanceOf(GroupIdNotFoundException.class);
        }
    }

    @Test
    void aCommitThatCannotReachTheCoordinatorTimesOut() {
        try (Consumer consumer = member()) {
            for (int i = 0; i < 100; i++) {
                cluster.broker(0).failNext(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE);
            }

            assertThatThrownBy(() -> consumer.commitSync(Map.of(P0, new OffsetAndMetadata(1)), Duration.ofMillis(300)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("coordinator");
            cluster.broker(0).clearFaults();
        }
    }

    @Test
    void aFatalHeartbeatErrorIsThrownFromPoll() {
        try (Consumer consumer = member()) {
            cluster.broker(0).failNext(ApiKey.GROUP_HEARTBEAT, ErrorCode.INVALID_GROUP_ID);
            consumer.subscribe(List.of(TOPIC));

            assertThatThrownBy(() -> {
                for (int i = 0; i < 500; i++) {
                    consumer.poll(Duration.ofMillis(20));
                }
            }).isInstanceOf(InvalidGroupIdException.class);
        }
    }

    @Test
    void aLossThatComesWithAFatalErrorIsStillHandledAndTheMemberRejoins() {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                calls.add("revoked " + partitions);
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                calls.add("assigned " + partitions);
            }

            @Override
            public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
                calls.add("lost " + partitions);
            }
        };
        try (Consumer consumer = member()) {
            consumer.subscribe(List.of(TOPIC), listener);
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(20));
            }
            // between two polls: a heartbeat fails for good, and the next one finds the member fenced
            int before = cluster.heartbeats().size();
            cluster.broker(0).failNext(ApiKey.GROUP_HEARTBEAT, ErrorCode.INVALID_GROUP_ID);
            cluster.broker(0).failNext(ApiKey.GROUP_HEARTBEAT, ErrorCode.UNKNOWN_MEMBER_ID);
            org.awaitility.Awaitility.await().until(() -> cluster.heartbeats().size() >= before + 2);

            assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(20))).isInstanceOf(InvalidGroupIdException.class);
            assertThat(calls).containsExactly("assigned [" + P0 + "]", "lost [" + P0 + "]");

            org.awaitility.Awaitility.await().until(() -> {
                consumer.poll(Duration.ofMillis(20));
                return !consumer.assignment().isEmpty();
            });
            assertThat(cluster.heartbeats().stream().skip(before + 2)).anyMatch(h -> h.getMemberEpoch() == 0);
            assertThat(calls).containsExactly("assigned [" + P0 + "]", "lost [" + P0 + "]", "assigned [" + P0 + "]");
        }
    }

    @Test
    void assignWithAGroupCommitsWithoutAMembership() {
        try (Consumer consumer = member()) {
            consumer.assign(List.of(P0));

            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(2)));

            assertThat(cluster.committed("g", P0).offset()).isEqualTo(2);
            assertThat(cluster.commits().get(0).getMemberEpoch()).isEqualTo(-1);
            assertThat(cluster.commits().get(0).getMemberId()).isEmpty();
            assertThat(cluster.heartbeats()).isEmpty();
        }
    }

    @Test
    void commitSyncRunsEarlierAsyncCallbacksFirstAndWakeupInterruptsIt() {
        try (Consumer consumer = member()) {
            java.util.List<Long> order = new java.util.ArrayList<>();
            consumer.commitAsync(Map.of(P0, new OffsetAndMetadata(1)), (o, e) -> order.add(o.get(P0).offset()));

            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(2)));
            order.add(2L);

            assertThat(order).containsExactly(1L, 2L);
            assertThat(cluster.committed("g", P0).offset()).isEqualTo(2);

            cluster.broker(0).holdResponses(ApiKey.OFFSET_COMMIT);
            consumer.wakeup();
            assertThatThrownBy(() -> consumer.commitSync(Map.of(P0, new OffsetAndMetadata(3))))
                    .isInstanceOf(WakeupException.class);
            cluster.broker(0).releaseResponses();
        }
    }
}
