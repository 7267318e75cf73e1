package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerTest {

    private static final String TOPIC = "c";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final long T0 = 1_700_000_000_000L;

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

    /** Produces {@code n} records to {@code partition}, record i with timestamp T0 + 10 * (first + i), in batches of 5. */
    private void produce(int partition, int first, int n) {
        try (Producer producer = new Producer(TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000).build())) {
            for (int i = first; i < first + n; i++) {
                producer.send(new ProducerRecord(TOPIC, partition, T0 + 10L * i, null, ("v" + i).getBytes(), null));
                if ((i - first) % 5 == 4) {
                    producer.flush();
                }
            }
        }
    }

    private Consumer consumer(OffsetResetStrategy reset) {
        return new Consumer(TestClients.consumer(cluster).autoOffsetReset(reset).build());
    }

    private static List<Long> offsets(List<ConsumerRecord> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void seekStartsTheNextPollAtTheOffsetEvenInsideABatch() {
        produce(0, 0, 20);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            consumer.seek(P0, 7);

            assertThat(offsets(TestClients.pollUntil(consumer, 13, Duration.ofSeconds(10)))).isEqualTo(range(7, 20));
            assertThat(consumer.position(P0)).isEqualTo(20);
        }
    }

    @Test
    void seekingBackRereadsAndDropsWhatWasFetchedAhead() {
        produce(0, 0, 20);
        try (Consumer consumer = new Consumer(TestClients.consumer(cluster).maxPollRecords(3).build())) {
            consumer.assign(List.of(P0));
            assertThat(offsets(TestClients.pollUntil(consumer, 3, Duration.ofSeconds(10)))).containsExactly(0L, 1L, 2L);

            consumer.seek(P0, 1);

            assertThat(offsets(TestClients.pollUntil(consumer, 19, Duration.ofSeconds(10)))).isEqualTo(range(1, 20));
        }
    }

    @Test
    void seekToBeginningAndEndAreResolvedLazily() {
        produce(0, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            assertThat(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10))).hasSize(10);

            consumer.seekToBeginning(List.of(P0));
            assertThat(consumer.position(P0)).isZero();
            assertThat(offsets(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10)))).isEqualTo(range(0, 10));

            consumer.seekToEnd(List.of(P0));
            assertThat(consumer.position(P0)).isEqualTo(10);
            assertThat(consumer.poll(Duration.ofMillis(100)).isEmpty()).isTrue();
            produce(0, 10, 5);
            assertThat(offsets(TestClients.pollUntil(consumer, 5, Duration.ofSeconds(10)))).isEqualTo(range(10, 15));
        }
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterTheTime() {
        produce(0, 0, 20);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(P0, T0 + 55, P1, T0));

            assertThat(found.get(P0)).isEqualTo(new OffsetAndTimestamp(6, T0 + 60));
            assertThat(found).containsKey(P1);
            assertThat(found.get(P1)).isNull();
            assertThat(consumer.offsetsForTimes(Map.of(P0, T0 + 10_000)).get(P0)).isNull();
        }
    }

    @Test
    void seekToTimestampGoesToTheRecordOrTheEnd() {
        produce(0, 0, 20);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));

            consumer.seekToTimestamp(P0, T0 + 150);
            assertThat(consumer.position(P0)).isEqualTo(15);
            assertThat(offsets(TestClients.pollUntil(consumer, 5, Duration.ofSeconds(10)))).isEqualTo(range(15, 20));

            consumer.seekToTimestamp(P0, T0 + 10_000);
            assertThat(consumer.position(P0)).isEqualTo(20);
        }
    }

    @Test
    void beginningAndEndOffsetsFollowRetentionAndTheHighWatermark() {
        produce(0, 0, 20);
        cluster.truncateHead(TOPIC, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            assertThat(consumer.beginningOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 10L, P1, 0L));
            assertThat(consumer.endOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 20L, P1, 0L));
        }
    }

    @Test
    void latestStartsAtTheEndOfTheLog() {
        produce(0, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.LATEST)) {
            consumer.assign(List.of(P0));
            assertThat(consumer.position(P0)).isEqualTo(10);

            produce(0, 10, 3);

            assertThat(offsets(TestClients.pollUntil(consumer, 3, Duration.ofSeconds(10)))).isEqualTo(range(10, 13));
        }
    }

    @Test
    void anOutOfRangePositionIsResetToTheEarliestOffset() {
        produce(0, 0, 20);
        cluster.truncateHead(TOPIC, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            consumer.seek(P0, 3);

            assertThat(offsets(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10)))).isEqualTo(range(10, 20));
        }
    }

    @Test
    void anOutOfRangePositionIsResetToTheLatestOffset() {
        produce(0, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.LATEST)) {
            consumer.assign(List.of(P0));
            consumer.seek(P0, 1000);
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();

            produce(0, 10, 2);

            assertThat(offsets(TestClients.pollUntil(consumer, 2, Duration.ofSeconds(10)))).isEqualTo(range(10, 12));
        }
    }

    @Test
    void anOutOfRangePositionFailsWithoutAutoReset() {
        produce(0, 0, 5);
        try (Consumer consumer = consumer(OffsetResetStrategy.NONE)) {
            consumer.assign(List.of(P0));
            consumer.seek(P0, 1000);

            assertThatThrownBy(() -> TestClients.pollUntil(consumer, 1, Duration.ofSeconds(10)))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("seek()")
                    .satisfies(e -> assertThat(((OffsetOutOfRangeException) e).offsets()).isEqualTo(Map.of(P0, 1000L)));

            consumer.seek(P0, 2);
            assertThat(offsets(TestClients.pollUntil(consumer, 3, Duration.ofSeconds(10)))).isEqualTo(range(2, 5));
        }
    }

    @Test
    void noPositionWithoutAutoResetFails() {
        try (Consumer consumer = consumer(OffsetResetStrategy.NONE)) {
            consumer.assign(List.of(P0));

            assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(10))).isInstanceOf(NoOffsetForPartitionException.class)
                    .hasMessageContaining(P0.toString());
        }
    }

    @Test
    void recordsAboveTheHighWatermarkAreNotReturned() {
        produce(0, 0, 20);
        cluster.holdHighWatermark(TOPIC, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            assertThat(offsets(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10)))).isEqualTo(range(0, 10));
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();

            cluster.holdHighWatermark(TOPIC, 0, -1);

            assertThat(offsets(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10)))).isEqualTo(range(10, 20));
        }
    }

    @Test
    void fetchingFollowsTheLeaderAfterNotLeader() {
        produce(0, 0, 10);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            assertThat(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10))).hasSize(10);

            cluster.setLeader(TOPIC, 0, 1);
            produce(0, 10, 5);

            assertThat(offsets(TestClients.pollUntil(consumer, 5, Duration.ofSeconds(10)))).isEqualTo(range(10, 15));
            assertThat(cluster.broker(1).requestCount(ApiKey.FETCH)).isPositive();
        }
    }

    @Test
    void retriableFetchErrorsAreRetried() {
        produce(0, 0, 5);
        cluster.broker(0).failNext(ApiKey.FETCH, ErrorCode.UNKNOWN_SERVER_ERROR);
        cluster.broker(0).disconnectOnNext(ApiKey.FETCH);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));

            assertThat(offsets(TestClients.pollUntil(consumer, 5, Duration.ofSeconds(10)))).isEqualTo(range(0, 5));
        }
    }

    @Test
    void aNonRetriableFetchErrorReachesPoll() {
        produce(0, 0, 5);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            consumer.position(P0);
            cluster.broker(0).failNext(ApiKey.FETCH, ErrorCode.STORAGE_ERROR);
            List<ConsumerRecord> before = new ArrayList<>();

            assertThatThrownBy(() -> {
                while (true) {
                    consumer.poll(Duration.ofMillis(100)).forEach(before::add);
                }
            }).isInstanceOf(BrokerErrorException.class).hasMessageContaining("storage");
        }
    }

    @Test
    void aCorruptBatchIsReportedAndCanBeSkipped() {
        produce(0, 0, 10);
        cluster.corruptBatch(TOPIC, 0, 0);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));

            assertThatThrownBy(() -> TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10)))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining("c-0 at offset 0");

            consumer.seek(P0, 5);
            assertThat(offsets(TestClients.pollUntil(consumer, 5, Duration.ofSeconds(10)))).isEqualTo(range(5, 10));
        }
    }

    @Test
    void reassigningStopsReadingTheDroppedPartitions() {
        produce(0, 0, 5);
        produce(1, 0, 5);
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0, P1));
            assertThat(TestClients.pollUntil(consumer, 10, Duration.ofSeconds(10))).hasSize(10);

            consumer.assign(List.of(P1));
            produce(0, 5, 5);
            produce(1, 5, 5);

            List<ConsumerRecord> records = TestClients.pollUntil(consumer, 5, Duration.ofSeconds(10));
            assertThat(records).allMatch(r -> r.partition() == 1);
            assertThat(offsets(records)).isEqualTo(range(5, 10));
            assertThat(consumer.assignment()).containsExactly(P1);
        }
    }

    @Test
    void maxPollRecordsBoundsEachPoll() {
        produce(0, 0, 20);
        try (Consumer consumer = new Consumer(TestClients.consumer(cluster).maxPollRecords(4).build())) {
            consumer.assign(List.of(P0));
            List<Long> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (all.size() < 20 && System.nanoTime() < deadline) {
                ConsumerRecords records = consumer.poll(Duration.ofMillis(100));
                assertThat(records.count()).isLessThanOrEqualTo(4);
                records.forEach(r -> all.add(r.offset()));
            }
            assertThat(all).isEqualTo(range(0, 20));
        }
    }

    @Test
    void aTinyFetchBufferStillMakesProgress() {
        produce(0, 0, 20);
        try (Consumer consumer = new Consumer(TestClients.consumer(cluster).fetchBufferBytes(1).maxPartitionFetchBytes(1).build())) {
            consumer.assign(List.of(P0));

            assertThat(offsets(TestClients.pollUntil(consumer, 20, Duration.ofSeconds(10)))).isEqualTo(range(0, 20));
        }
    }

    @Test
    void wakeupMakesABlockedPollThrow() throws Exception {
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
                try {
                    consumer.poll(Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> cluster.broker(0).requestCount(ApiKey.LIST_OFFSETS) > 0);

            consumer.wakeup();

            assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(WakeupException.class);
        }
    }

    @Test
    void usingTheConsumerFromTwoThreadsAtOnceIsRefused() throws Exception {
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            consumer.assign(List.of(P0));
            CompletableFuture<Void> polling = CompletableFuture.runAsync(() -> consumer.poll(Duration.ofSeconds(30)));
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> cluster.broker(0).requestCount(ApiKey.LIST_OFFSETS) > 0);

            assertThatThrownBy(() -> consumer.seek(P0, 0)).isInstanceOf(java.util.ConcurrentModificationException.class);

            consumer.wakeup();
            assertThatThrownBy(() -> polling.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(WakeupException.class);
        }
    }

    @Test
    void seekingAnUnassignedPartitionIsRefused() {
        try (Consumer consumer = consumer(OffsetResetStrategy.EARLIEST)) {
            assertThatThrownBy(() -> consumer.seek(P0, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("assign");
        }
    }

    @Test
    void anUnknownTopicInALookupFailsWithTheHint() {
        try (Consumer consumer = new Consumer(TestClients.consumer(cluster).defaultApiTimeoutMs(300).build())) {
            assertThatThrownBy(() -> consumer.endOffsets(List.of(new TopicPartition("missing", 0))))
                    .isInstanceOf(UnknownTopicOrPartitionException.class)
                    .hasMessageContaining("brook topic create missing");
        }
    }
}
