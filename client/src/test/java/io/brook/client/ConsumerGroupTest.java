package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.GroupHeartbeatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer as a group member, against the fake cluster's coordinator. */
class ConsumerGroupTest {

    private static final String TOPIC = "g";
    private static final String GROUP = "billing";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private FakeCluster cluster;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        cluster.createTopic(TOPIC, 2);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ConsumerConfig.Builder config() {
        return TestClients.consumer(cluster).groupId(GROUP);
    }

    private void produce(int partition, int n) {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord(TOPIC, partition, null, null, ("v" + i).getBytes(), null));
            }
            producer.flush();
        }
    }

    /** Polls every consumer in turn until {@code done} holds (at most 20 s). */
    private static void pollUntil(BooleanSupplier done, Consumer... consumers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            for (Consumer c : consumers) {
                c.poll(Duration.ofMillis(20));
            }
        }
    }

    /** Records listener calls as "name:consumer:partitions". */
    private static final class Recorder implements ConsumerRebalanceListener {
        final String name;
        final List<String> events;

        Recorder(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        private void add(String kind, Collection<TopicPartition> partitions) {
            List<String> sorted = partitions.stream().map(TopicPartition::toString).sorted().toList();
            events.add(kind + ":" + name + ":" + sorted);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            add("revoked", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            add("assigned", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            add("lost", partitions);
        }
    }

    private List<GroupHeartbeatRequest> heartbeatsWithEpoch(int epoch) {
        return cluster.heartbeats().stream().filter(h -> h.getMemberEpoch() == epoch).toList();
    }

    @Test
    void subscribingJoinsTheGroupAndConsumesEveryPartition() {
        produce(0, 5);
        produce(1, 5);
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC));

            assertThat(consumer.subscription()).containsExactly(TOPIC);
            List<ConsumerRecord> records = TestClients.pollUntil(consumer, 10, Duration.ofSeconds(20));

            assertThat(records).hasSize(10);
            assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
            GroupHeartbeatRequest join = heartbeatsWithEpoch(0).get(0);
            assertThat(join.getGroupId()).isEqualTo(GROUP);
            assertThat(join.getSubscribedTopicNamesList()).containsExactly(TOPIC);
            assertThat(join.getMemberId()).isNotEmpty();
            assertThat(join.getInstanceId()).isEmpty();
            assertThat(join.getRebalanceTimeoutMs()).isEqualTo(300_000);
        }
    }

    @Test
    void aPartitionMovesOnlyAfterItsOwnerRevokedIt() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Consumer a = new Consumer(config().build()); Consumer b = new Consumer(config().build())) {
            a.subscribe(List.of(TOPIC), new Recorder("a", events));
            pollUntil(() -> a.assignment().size() == 2, a);

            b.subscribe(List.of(TOPIC), new Recorder("b", events));
            pollUntil(() -> a.assignment().size() == 1 && b.assignment().size() == 1, a, b);

            TopicPartition moved = b.assignment().iterator().next();
            assertThat(a.assignment()).doesNotContain(moved);
            assertThat(events).containsSubsequence("assigned:a:[g-0, g-1]", "revoked:a:[" + moved + "]",
                    "assigned:b:[" + moved + "]");
            // the partition a keeps is never revoked
            assertThat(events).noneMatch(e -> e.startsWith("revoked:a:") && !e.equals("revoked:a:[" + moved + "]"));
        }
    }

    @Test
    void autoCommitCommitsOnlyWhatEarlierPollsReturned() {
        produce(0, 20);
        try (Consumer consumer = new Consumer(config().maxPollRecords(3).autoCommitIntervalMs(1).build())) {
            consumer.subscribe(List.of(TOPIC));
            List<Long> returnedAfterEachPoll = new ArrayList<>(List.of(0L));
            long returned = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cluster.committed(GROUP, P0) == null || cluster.committed(GROUP, P0).offset() == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.partition() == 0) {
                        returned++;
                    }
                }
                returnedAfterEachPoll.add(returned);
            }
            long beforeLastPoll = returnedAfterEachPoll.get(returnedAfterEachPoll.size() - 2);

            List<Long> committed = cluster.commits().stream().flatMap(c -> c.getTopicsList().stream())
                    .flatMap(t -> t.getPartitionsList().stream().filter(p -> p.getPartition() == 0))
                    .map(p -> p.getOffset()).toList();
            assertThat(committed).isNotEmpty().allMatch(returnedAfterEachPoll::contains)
                    .allMatch(o -> o <= beforeLastPoll);
            assertThat(cluster.commits()).allMatch(c -> !c.getMemberId().isEmpty() && c.getMemberEpoch() > 0);
        }
    }

    @Test
    void commitSyncAndCommittedRoundTrip() {
        produce(0, 10);
        try (Consumer consumer = new Consumer(config().enableAutoCommit(false).build())) {
            consumer.subscribe(List.of(TOPIC));
            TestClients.pollUntil(consumer, 10, Duration.ofSeconds(20));

            consumer.commitSync();
            TopicPartition other = new TopicPartition("other", 0);
            assertThat(consumer.committed(Set.of(P0, P1, other))).containsEntry(P0, new OffsetAndMetadata(10, -1, ""))
                    .containsEntry(P1, new OffsetAndMetadata(0, -1, "")).containsEntry(other, null);

            consumer.commitSync(Map.of(P1, new OffsetAndMetadata(4, "note")));
            assertThat(consumer.committed(Set.of(P1), Duration.ofSeconds(5)).get(P1))
                    .isEqualTo(new OffsetAndMetadata(4, -1, "note"));
        }
    }

    @Test
    void aNewMemberStartsAtTheCommittedOffset() {
        produce(0, 10);
        cluster.commit(GROUP, P0, 7);
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC));

            List<ConsumerRecord> records = TestClients.pollUntil(consumer, 3, Duration.ofSeconds(20));

            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(7L, 8L, 9L);
        }
    }

    @Test
    void commitAsyncRunsItsCallbackOnALaterCall() {
        produce(0, 4);
        List<Map<TopicPartition, OffsetAndMetadata>> done = new ArrayList<>();
        try (Consumer consumer = new Consumer(config().enableAutoCommit(false).build())) {
            consumer.subscribe(List.of(TOPIC));
            TestClients.pollUntil(consumer, 4, Duration.ofSeconds(20));

            consumer.commitAsync((offsets, e) -> {
                assertThat(e).isNull();
                done.add(offsets);
            });
            await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.committed(GROUP, P0) != null);
            consumer.poll(Duration.ofMillis(1));

            assertThat(done).hasSize(1);
            assertThat(done.get(0).get(P0).offset()).isEqualTo(4);
        }
    }

    @Test
    void aFencedMemberLosesItsPartitionsWithoutCommittingAndRejoins() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC), new Recorder("a", events));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);
            int commitsBefore = cluster.commits().size();

            cluster.broker(0).failNext(ApiKey.GROUP_HEARTBEAT, ErrorCode.FENCED_MEMBER_EPOCH);
            pollUntil(() -> events.contains("lost:a:[g-0, g-1]"), consumer);
            pollUntil(() -> consumer.assignment().size() == 2, consumer);

            assertThat(events).containsSubsequence("assigned:a:[g-0, g-1]", "lost:a:[g-0, g-1]", "assigned:a:[g-0, g-1]");
            assertThat(events).noneMatch(e -> e.startsWith("revoked"));
            assertThat(heartbeatsWithEpoch(0)).hasSize(2)
                    .extracting(GroupHeartbeatRequest::getMemberId).containsOnly(heartbeatsWithEpoch(0).get(0).getMemberId());
            assertThat(cluster.commits().size()).isEqualTo(commitsBefore);
        }
    }

    @Test
    void anUnknownMemberRejoinsWithTheSameMemberId() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC), new Recorder("a", events));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);
            String memberId = cluster.members(GROUP).iterator().next();

            cluster.removeMember(GROUP, memberId);
            pollUntil(() -> events.contains("lost:a:[g-0, g-1]") && consumer.assignment().size() == 2, consumer);

            assertThat(cluster.members(GROUP)).containsExactly(memberId);
        }
    }

    @Test
    void aMovedCoordinatorIsFoundAgain() {
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);
            int finds = cluster.broker(0).requestCount(ApiKey.FIND_COORDINATOR)
                    + cluster.broker(1).requestCount(ApiKey.FIND_COORDINATOR);

            cluster.setCoordinator(1);
            pollUntil(() -> cluster.broker(1).requestCount(ApiKey.GROUP_HEARTBEAT) >= 2, consumer);

            assertThat(cluster.broker(0).requestCount(ApiKey.FIND_COORDINATOR)
                    + cluster.broker(1).requestCount(ApiKey.FIND_COORDINATOR)).isGreaterThan(finds);
            assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(0)));
            assertThat(cluster.committed(GROUP, P0)).isNotNull();
        }
    }

    @Test
    void commitsAreRetriedWhileTheCoordinatorIsNotAvailable() {
        try (Consumer consumer = new Consumer(config().build())) {
            cluster.broker(0).failNext(ApiKey.OFFSET_COMMIT, ErrorCode.COORDINATOR_NOT_AVAILABLE);
            cluster.broker(0).failNext(ApiKey.OFFSET_COMMIT, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);

            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(3)));

            assertThat(cluster.committed(GROUP, P0).offset()).isEqualTo(3);
            assertThat(cluster.commits()).hasSize(3);
        }
    }

    @Test
    void closeLeavesTheGroupAtOnce() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Consumer consumer = new Consumer(config().build());
        consumer.subscribe(List.of(TOPIC), new Recorder("a", events));
        pollUntil(() -> consumer.assignment().size() == 2, consumer);

        consumer.close();

        List<GroupHeartbeatRequest> beats = cluster.heartbeats();
        assertThat(beats.get(beats.size() - 1).getMemberEpoch()).isEqualTo(-1);
        assertThat(cluster.members(GROUP)).isEmpty();
        assertThat(events).endsWith("revoked:a:[g-0, g-1]");
    }

    @Test
    void aStaticMemberSendsItsInstanceIdAndLeavesWithEpochMinusTwo() {
        Consumer consumer = new Consumer(config().groupInstanceId("host-1").build());
        consumer.subscribe(List.of(TOPIC));
        pollUntil(() -> consumer.assignment().size() == 2, consumer);

        consumer.close();

        List<GroupHeartbeatRequest> beats = cluster.heartbeats();
        assertThat(beats).allMatch(h -> h.getInstanceId().equals("host-1"));
        assertThat(beats.get(beats.size() - 1).getMemberEpoch()).isEqualTo(-2);
    }

    @Test
    void unsubscribeLeavesTheGroupAndAllowsAssign() {
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);

            consumer.unsubscribe();
            await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.members(GROUP).isEmpty());

            assertThat(consumer.assignment()).isEmpty();
            assertThat(consumer.subscription()).isEmpty();
            consumer.assign(List.of(P1));
            assertThat(consumer.assignment()).containsExactly(P1);
        }
    }

    @Test
    void aPatternSubscriptionPicksUpANewMatchingTopicAndSkipsInternalOnes() {
        cluster.createTopic("__groups", 1);
        try (Consumer consumer = new Consumer(config().metadataMaxAgeMs(50).build())) {
            consumer.subscribe(Pattern.compile(".*"));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);
            assertThat(consumer.subscription()).containsExactly(TOPIC);

            cluster.createTopic("h", 1);
            pollUntil(() -> consumer.assignment().contains(new TopicPartition("h", 0)), consumer);

            assertThat(consumer.subscription()).containsExactlyInAnyOrder(TOPIC, "h");
            assertThat(consumer.assignment()).noneMatch(tp -> tp.topic().startsWith("__"));
        }
    }

    @Test
    void aConsumerThatDoesNotPollLeavesTheGroupAndRejoinsOnItsNextPoll() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Consumer consumer = new Consumer(config().maxPollIntervalMs(300).build())) {
            consumer.subscribe(List.of(TOPIC), new Recorder("a", events));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);

            await().atMost(10, TimeUnit.SECONDS).until(() -> !heartbeatsWithEpoch(-1).isEmpty());
            pollUntil(() -> events.contains("lost:a:[g-0, g-1]") && consumer.assignment().size() == 2, consumer);

            assertThat(heartbeatsWithEpoch(0)).hasSize(2);
        }
    }

    @Test
    void aSessionWithoutASuccessfulHeartbeatLosesThePartitions() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC), new Recorder("a", events));
            cluster.setSessionTimeoutMs(300);
            pollUntil(() -> consumer.assignment().size() == 2, consumer);

            cluster.broker(0).swallowNext(ApiKey.GROUP_HEARTBEAT);
            pollUntil(() -> events.contains("lost:a:[g-0, g-1]"), consumer);
            pollUntil(() -> consumer.assignment().size() == 2, consumer);

            assertThat(events).noneMatch(e -> e.startsWith("revoked"));
            assertThat(heartbeatsWithEpoch(0)).hasSize(2);
        }
    }

    @Test
    void pollDoesNotWaitForTheCommittedOffsetsOfNewPartitions() {
        cluster.broker(0).holdResponses(ApiKey.OFFSET_FETCH);
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC));
            // the assignment arrives in some poll, which asks for the committed offsets and returns
            pollUntil(() -> cluster.broker(0).heldResponseCount() == 1, consumer);

            for (int i = 0; i < 5; i++) {
                assertThat(consumer.poll(Duration.ofMillis(20)).isEmpty()).isTrue();
            }
            assertThat(consumer.assignment()).isEmpty();

            cluster.broker(0).releaseResponses();
            pollUntil(() -> consumer.assignment().size() == 2, consumer);
        }
    }

    @Test
    void changingTheSubscriptionRevokesTheOldTopicsPartitionsThroughTheListener() {
        cluster.createTopic("other", 1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Consumer consumer = new Consumer(config().build())) {
            consumer.subscribe(List.of(TOPIC), new Recorder("a", events));
            pollUntil(() -> consumer.assignment().size() == 2, consumer);

            consumer.subscribe(List.of("other"), new Recorder("a", events));
            pollUntil(() -> consumer.assignment().equals(Set.of(new TopicPartition("other", 0))), consumer);

            assertThat(events).containsSubsequence("assigned:a:[g-0, g-1]", "revoked:a:[g-0, g-1]",
                    "assigned:a:[other-0]");
        }
    }
}
