package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerTest {

    private static final String TOPIC = "p";
    private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

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

    private static RecordMetadata get(CompletableFuture<RecordMetadata> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void recordsGetConsecutiveOffsetsPerPartition() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(producer.send(new ProducerRecord(TOPIC, 1, null, VALUE)));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(get(fs.get(i)).offset()).isEqualTo(i);
                assertThat(get(fs.get(i)).partition()).isEqualTo(1);
            }
        }
        assertThat(cluster.recordCount(TOPIC, 1)).isEqualTo(10);
    }

    @Test
    void acksZeroCompletesWithoutOffsetsOnceWritten() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).acks(0).build())) {
            RecordMetadata md = get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE)));

            assertThat(md.offset()).isEqualTo(-1);
            assertThat(md.hasOffset()).isFalse();
        }
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.recordCount(TOPIC, 0) == 1);
    }

    @Test
    void notLeaderMakesTheProducerRefreshMetadataAndFollowTheLeader() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))).offset()).isZero();

            cluster.setLeader(TOPIC, 0, 1);
            RecordMetadata md = get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE)));

            assertThat(md.offset()).isEqualTo(1);
            assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isEqualTo(2);
            assertThat(cluster.broker(1).requestCount(ApiKey.PRODUCE)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"NOT_LEADER", "LEADER_NOT_AVAILABLE", "NOT_ENOUGH_REPLICAS", "REQUEST_TIMED_OUT", "UNKNOWN_SERVER_ERROR",
        "THROTTLED", "UNKNOWN_TOPIC_OR_PARTITION"})
    void retriableErrorsAreRetriedUntilSuccess(ErrorCode code) throws Exception {
        cluster.broker(0).failNext(ApiKey.PRODUCE, code);
        cluster.broker(0).failNext(ApiKey.PRODUCE, code);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))).offset()).isZero();
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isEqualTo(3);
        assertThat(cluster.recordCount(TOPIC, 0)).isEqualTo(1);
    }

    @Test
    void aBrokerThatIsStartingIsRetriedUntilItServes() throws Exception {
        // the broker answers as one does before its handlers are installed: the connection's
        // opening ApiVersions, then a produce, get BROKER_NOT_AVAILABLE
        cluster.broker(0).frameErrorNext(ApiKey.API_VERSIONS, ErrorCode.BROKER_NOT_AVAILABLE);
        cluster.broker(0).frameErrorNext(ApiKey.API_VERSIONS, ErrorCode.BROKER_NOT_AVAILABLE);
        cluster.broker(0).frameErrorNext(ApiKey.PRODUCE, ErrorCode.BROKER_NOT_AVAILABLE);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))).offset()).isZero();
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.API_VERSIONS)).isGreaterThanOrEqualTo(3);
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isEqualTo(2);
        assertThat(cluster.recordCount(TOPIC, 0)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"CORRUPT_RECORD_BATCH, io.brook.client.CorruptRecordException",
        "RECORD_BATCH_TOO_LARGE, io.brook.client.RecordTooLargeException",
        "INVALID_REQUEST, io.brook.client.BrokerErrorException",
        "STORAGE_ERROR, io.brook.client.BrokerErrorException"})
    void nonRetriableErrorsFailTheRecordAtOnce(ErrorCode code, Class<? extends BrookException> type) {
        cluster.broker(0).failNext(ApiKey.PRODUCE, code);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            Throwable error = TestClients.failureOf(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE)));

            assertThat(error).isExactlyInstanceOf(type);
            assertThat(((BrookException) error).errorCode()).isEqualTo(code);
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isEqualTo(1);
    }

    @Test
    void aRequestWithoutAnswerTimesOutAndIsRetried() throws Exception {
        cluster.broker(0).swallowNext(ApiKey.PRODUCE);
        try (Producer producer = new Producer(TestClients.producer(cluster).requestTimeoutMs(200).build())) {
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))).offset()).isZero();
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsReopenedAndTheRequestRetried() throws Exception {
        cluster.broker(0).disconnectOnNext(ApiKey.PRODUCE);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))).offset()).isZero();
        }
    }

    @Test
    void retriesStopAtTheDeliveryTimeout() {
        for (int i = 0; i < 1000; i++) {
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.NOT_ENOUGH_REPLICAS);
        }
        ProducerConfig config = TestClients.producer(cluster).lingerMs(0).requestTimeoutMs(200).deliveryTimeoutMs(400).build();
        try (Producer producer = new Producer(config)) {
            Throwable error = TestClients.failureOf(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE)));

            assertThat(error).isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms")
                    .hasCauseInstanceOf(NotEnoughReplicasException.class);
        }
    }

    @Test
    void flushWaitsForEveryRecordSentBeforeIt() {
        try (Producer producer = new Producer(TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000).build())) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(producer.send(new ProducerRecord(TOPIC, i % 2, null, VALUE)));
            }
            assertThat(fs).noneMatch(CompletableFuture::isDone);

            producer.flush();

            assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        }
    }

    @Test
    void flushFromACallbackIsRefused() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            producer.send(new ProducerRecord(TOPIC, 0, null, VALUE)).whenComplete((md, e) -> {
                try {
                    producer.flush();
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });

            assertThat(seen.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeSendsWhatIsBuffered() throws Exception {
        CompletableFuture<RecordMetadata> f;
        try (Producer producer = new Producer(TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000).build())) {
            f = producer.send(new ProducerRecord(TOPIC, 0, null, VALUE));
            assertThat(f).isNotDone();
        }
        assertThat(get(f).offset()).isZero();
        assertThat(cluster.recordCount(TOPIC, 0)).isEqualTo(1);
    }

    @Test
    void closeWithZeroTimeoutFailsWhatIsPending() {
        Producer producer = new Producer(TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000).build());
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord(TOPIC, 0, null, VALUE));

        producer.close(Duration.ZERO);

        assertThat(TestClients.failureOf(f)).isInstanceOf(BrookException.class).hasMessageContaining("closed");
        assertThat(cluster.recordCount(TOPIC, 0)).isZero();
        producer.close();
    }

    @Test
    void sendAfterCloseIsRefused() {
        Producer producer = new Producer(TestClients.producer(cluster).build());
        producer.close();

        assertThatThrownBy(() -> producer.send(new ProducerRecord(TOPIC, VALUE))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFullBufferBlocksSendThenFails() {
        cluster.broker(0).swallowNext(ApiKey.PRODUCE);
        ProducerConfig config = TestClients.producer(cluster).lingerMs(0).batchSize(1024).bufferMemory(1024).maxBlockMs(100)
                .requestTimeoutMs(5_000).build();
        Producer producer = new Producer(config);
        try {
            CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord(TOPIC, 0, null, VALUE));
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> cluster.broker(0).requestCount(ApiKey.PRODUCE) == 1);

            CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord(TOPIC, 0, null, VALUE));

            assertThat(TestClients.failureOf(second)).isInstanceOf(BufferExhaustedException.class);
            assertThat(first).isNotDone();
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void anUnknownTopicFailsAfterMaxBlockWithAHint() {
        try (Producer producer = new Producer(TestClients.producer(cluster).maxBlockMs(200).build())) {
            assertThat(TestClients.failureOf(producer.send(new ProducerRecord("nope", VALUE))))
                    .isInstanceOf(UnknownTopicOrPartitionException.class)
                    .hasMessageContaining("brook topic create nope");
        }
    }

    @Test
    void topicsAreCreatedWhenTheBrokerAutoCreatesThem() throws Exception {
        cluster.autoCreateTopics(true);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(get(producer.send(new ProducerRecord("fresh", VALUE))).offset()).isZero();
        }
        assertThat(cluster.hasTopic("fresh")).isTrue();
    }

    @Test
    void anInvalidTopicNameFailsAtOnce() {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(TestClients.failureOf(producer.send(new ProducerRecord("no spaces", VALUE)))).isInstanceOf(InvalidTopicException.class);
        }
    }

    @Test
    void aPartitionOutsideTheTopicFails() {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(TestClients.failureOf(producer.send(new ProducerRecord(TOPIC, 5, null, VALUE))))
                    .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("has 2 partitions");
        }
    }

    @Test
    void aRecordLargerThanTheRequestLimitFailsWithoutBeingSent() {
        try (Producer producer = new Producer(TestClients.producer(cluster).maxRequestSize(1024).build())) {
            assertThat(TestClients.failureOf(producer.send(new ProducerRecord(TOPIC, new byte[2000]))))
                    .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size");
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isZero();
    }

    @Test
    void aRecordLargerThanABatchGetsABatchOfItsOwn() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).batchSize(1024).build())) {
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, new byte[50_000]))).offset()).isZero();
            assertThat(get(producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))).offset()).isEqualTo(1);
        }
    }

    @Test
    void keyedRecordsGoWhereKafkaWouldPutThem() throws Exception {
        cluster.createTopic("six", 6);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            assertThat(get(producer.send(new ProducerRecord("six", "a".getBytes(), VALUE))).partition()).isEqualTo(4);
            assertThat(get(producer.send(new ProducerRecord("six", "21".getBytes(), VALUE))).partition()).isZero();
            assertThat(get(producer.send(new ProducerRecord("six", "brook".getBytes(), VALUE))).partition()).isEqualTo(2);
        }
    }

    @Test
    void keylessRecordsOfOneBatchShareAPartition() {
        cluster.createTopic("many", 8);
        try (Producer producer = new Producer(TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000).build())) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fs.add(producer.send(new ProducerRecord("many", VALUE)));
            }
            producer.flush();

            assertThat(fs).extracting(f -> f.join().partition()).containsOnly(fs.get(0).join().partition());
        }
    }

    @Test
    void partitionsForListsThePartitionsWithTheirLeaders() {
        cluster.setLeader(TOPIC, 1, 1);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            List<PartitionInfo> partitions = producer.partitionsFor(TOPIC);

            assertThat(partitions).extracting(PartitionInfo::partition).containsExactly(0, 1);
            assertThat(partitions).extracting(PartitionInfo::leader).containsExactly(0, 1);
        }
    }

    @Test
    void oneInFlightRequestKeepsOrderAcrossRetries() throws Exception {
        cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.NOT_ENOUGH_REPLICAS);
        ProducerConfig config = TestClients.producer(cluster).maxInFlightRequestsPerConnection(1).batchSize(200).build();
        List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
        try (Producer producer = new Producer(config)) {
            for (int i = 0; i < 30; i++) {
                fs.add(producer.send(new ProducerRecord(TOPIC, 0, null, ("r" + i).getBytes())));
            }
            producer.flush();
        }
        for (int i = 0; i < 30; i++) {
            assertThat(get(fs.get(i)).offset()).isEqualTo(i);
        }
    }

    @Test
    void sendAllocatesLittleBeyondTheRecordsFuture() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        ProducerConfig config = TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000)
                .batchSize(4 << 20).bufferMemory(64 << 20).build();
        int n = 20_000;
        ProducerRecord[] records = new ProducerRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = new ProducerRecord(TOPIC, 0, 1L, "key".getBytes(), VALUE, List.of(new io.brook.protocol.record.Header("h", VALUE)));
        }
        try (Producer producer = new Producer(config)) {
            for (int i = 0; i < n / 2; i++) {
                producer.send(records[i]);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = n / 2; i < n; i++) {
                producer.send(records[i]);
            }
            long perRecord = (threads.getCurrentThreadAllocatedBytes() - before) / (n / 2);

            System.out.println("bytes allocated per send: " + perRecord);
            // a CompletableFuture is 24 bytes; the batch's future and timestamp arrays grow by doubling (about 24 more)
            assertThat(perRecord).isLessThan(100);
        }
    }

    @Test
    void concurrentSendersEachGetADistinctOffset() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (Producer producer = new Producer(TestClients.producer(cluster).batchSize(2048).build())) {
            List<CompletableFuture<List<CompletableFuture<RecordMetadata>>>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        fs.add(producer.send(new ProducerRecord(TOPIC, VALUE)));
                    }
                    return fs;
                }));
            }
            java.util.Set<String> offsets = new java.util.HashSet<>();
            for (CompletableFuture<List<CompletableFuture<RecordMetadata>>> s : senders) {
                for (CompletableFuture<RecordMetadata> f : s.get(20, TimeUnit.SECONDS)) {
                    RecordMetadata md = get(f);
                    assertThat(offsets.add(md.partition() + "@" + md.offset())).isTrue();
                }
            }
            assertThat(offsets).hasSize(threads * perThread);
        }
        assertThat(cluster.recordCount(TOPIC, 0) + cluster.recordCount(TOPIC, 1)).isEqualTo(threads * perThread);
    }

    @Test
    void aCallbackMaySendMore() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            CompletableFuture<RecordMetadata> chained = producer.send(new ProducerRecord(TOPIC, 0, null, VALUE))
                    .thenCompose(md -> producer.send(new ProducerRecord(TOPIC, 0, null, VALUE)));

            assertThat(get(chained).offset()).isEqualTo(1);
        }
    }
}
