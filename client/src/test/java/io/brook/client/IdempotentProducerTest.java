package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.ProducerAttempt;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer against a fake cluster that checks sequence numbers and recognizes
 * repeats as the broker does: at most once and in send order per partition, whatever retries,
 * lost answers, leader moves and failed batches happen.
 */
class IdempotentProducerTest {

    private static final String TOPIC = "idem";
    private static final long FIRST_ID = 1000;

    private FakeCluster cluster;
    private final ListAppender<ILoggingEvent> senderLog = new ListAppender<>();
    private final Logger sender = (Logger) LoggerFactory.getLogger("io.brook.client.internal.producer.Sender");
    private Level senderLevel;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        cluster.createTopic(TOPIC, 2);
        senderLevel = sender.getLevel();
        sender.setLevel(Level.DEBUG);
        senderLog.start();
        sender.addAppender(senderLog);
    }

    @AfterEach
    void stop() {
        sender.detachAppender(senderLog);
        sender.setLevel(senderLevel);
        cluster.close();
    }

    /** One record per batch, so that each send is its own batch and request. */
    /**
     * Held answers must not run into the request time-out: on a loaded machine the steps between
     * holding and releasing can take longer than the test clients' 2 s, and a timed-out request is
     * sent again, which these tests would read as a protection failing.
     */
    private ProducerConfig.Builder config() {
        return TestClients.producer(cluster).batchSize(1).requestTimeoutMs(30_000).deliveryTimeoutMs(60_000);
    }

    private static ProducerRecord record(String value) {
        return new ProducerRecord(TOPIC, 0, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static long offset(CompletableFuture<RecordMetadata> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS).offset();
    }

    /** The values stored in partition 0, in log order. */
    private List<String> log() {
        List<String> out = new ArrayList<>();
        for (ByteBuffer b : cluster.batches(TOPIC, 0)) {
            RecordCursor c = RecordBatch.of(b).records();
            while (c.next()) {
                ByteBuffer v = c.value();
                byte[] bytes = new byte[v.remaining()];
                v.get(bytes);
                out.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private List<ProducerAttempt> attempts() {
        return cluster.producerAttempts(TOPIC, 0);
    }

    private int initProducerIdRequests() {
        return cluster.broker(0).requestCount(ApiKey.INIT_PRODUCER_ID) + cluster.broker(1).requestCount(ApiKey.INIT_PRODUCER_ID);
    }

    private void awaitHeld(int count) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.broker(0).heldResponseCount() == count);
    }

    @Test
    void sequenceNumbersCountRecordsInSendOrderAndARetryKeepsThem() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(cluster).lingerMs(60_000).deliveryTimeoutMs(120_000).build())) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(producer.send(record("a" + i)));
            }
            producer.flush();
            fs.add(producer.send(record("b0")));
            fs.add(producer.send(record("b1")));
            producer.flush();
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.NOT_ENOUGH_REPLICAS);

            fs.add(producer.send(record("c0")));
            producer.flush();

            assertThat(offset(fs.get(5))).isEqualTo(5);
        }
        assertThat(attempts()).containsExactly(
                new ProducerAttempt(FIRST_ID, (short) 0, 0, 3, "appended"),
                new ProducerAttempt(FIRST_ID, (short) 0, 3, 2, "appended"),
                new ProducerAttempt(FIRST_ID, (short) 0, 5, 1, "NOT_ENOUGH_REPLICAS"),
                new ProducerAttempt(FIRST_ID, (short) 0, 5, 1, "appended"));
        assertThat(log()).containsExactly("a0", "a1", "a2", "b0", "b1", "c0");
        assertThat(initProducerIdRequests()).isEqualTo(1);
    }

    @Test
    void aRetryOfAStoredBatchIsAnsweredAsDuplicateAndCompletesOnceWithTheOriginalOffset() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).disconnectAfterNext(ApiKey.PRODUCE);
            AtomicInteger completions = new AtomicInteger();

            CompletableFuture<RecordMetadata> f = producer.send(record("r1"));
            f.whenComplete((md, e) -> completions.incrementAndGet());

            assertThat(offset(f)).isEqualTo(1);
            producer.flush();
            assertThat(completions).hasValue(1);
        }
        assertThat(attempts()).extracting(ProducerAttempt::baseSequence, ProducerAttempt::outcome)
                .containsExactly(tuple(0, "appended"),
                        tuple(1, "appended"),
                        tuple(1, "duplicate"));
        assertThat(log()).containsExactly("r0", "r1");
    }

    @Test
    void fiveBatchesInFlightOfOnePartitionAreResentInOrderAfterADisconnectAndStoredOnce() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).holdResponses(ApiKey.PRODUCE);
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                fs.add(producer.send(record("r" + i)));
            }
            awaitHeld(3);
            cluster.broker(0).swallowNext(ApiKey.PRODUCE);
            cluster.broker(0).swallowNext(ApiKey.PRODUCE);
            fs.add(producer.send(record("r4")));
            fs.add(producer.send(record("r5")));
            await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.broker(0).requestCount(ApiKey.PRODUCE) == 6);

            cluster.broker(0).dropHeldResponses();
            cluster.broker(0).disconnectAll();

            for (int i = 0; i < 5; i++) {
                assertThat(offset(fs.get(i))).isEqualTo(i + 1);
            }
        }
        assertThat(log()).containsExactly("r0", "r1", "r2", "r3", "r4", "r5");
        assertThat(attempts()).extracting(ProducerAttempt::outcome).containsOnly("appended", "duplicate")
                .filteredOn("duplicate"::equals).hasSize(3);
    }

    @Test
    void theFirstBatchUnderAnIdGoesAloneSoThatALaterOneCannotOvertakeIt() throws Exception {
        // a partition with no state of the id accepts any sequence: a second batch sent beside a
        // first one that fails would be stored ahead of it
        cluster.broker(0).holdResponses(ApiKey.PRODUCE);
        cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.NOT_ENOUGH_REPLICAS);
        try (Producer producer = new Producer(config().build())) {
            CompletableFuture<RecordMetadata> first = producer.send(record("r0"));
            CompletableFuture<RecordMetadata> second = producer.send(record("r1"));
            awaitHeld(1);

            cluster.broker(0).releaseResponses();

            assertThat(offset(first)).isZero();
            assertThat(offset(second)).isEqualTo(1);
        }
        assertThat(log()).containsExactly("r0", "r1");
    }

    @Test
    void afterARetriableFailureNothingMoreOfThePartitionIsSentUntilItsRequestsInFlightAreBack() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).holdResponses(ApiKey.PRODUCE);
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.NOT_ENOUGH_REPLICAS);
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            fs.add(producer.send(record("r1")));
            fs.add(producer.send(record("r2")));
            awaitHeld(2);

            cluster.broker(0).releaseFirstResponse();
            // r3 is sent once the producer has taken in r1's failure; before it, r3 may rightly go
            await().atMost(10, TimeUnit.SECONDS).until(() -> senderLog.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("retrying")));
            fs.add(producer.send(record("r3")));

            await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                    .until(() -> cluster.broker(0).requestCount(ApiKey.PRODUCE) == 3);
            cluster.broker(0).releaseResponses();
            for (int i = 0; i < 3; i++) {
                assertThat(offset(fs.get(i))).isEqualTo(i + 1);
            }
        }
        assertThat(log()).containsExactly("r0", "r1", "r2", "r3");
    }

    @Test
    void aPartitionsBatchesInFlightGoToOneBrokerEvenWhenItsLeaderMoves() throws Exception {
        cluster.setLeader(TOPIC, 1, 1);
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).holdResponses(ApiKey.PRODUCE);
            CompletableFuture<RecordMetadata> first = producer.send(record("r1"));
            awaitHeld(1);
            cluster.setLeader(TOPIC, 0, 1);
            // a NOT_LEADER for the other partition makes the producer refresh its metadata
            cluster.broker(1).failNext(ApiKey.PRODUCE, ErrorCode.NOT_LEADER);
            offset(producer.send(new ProducerRecord(TOPIC, 1, null, new byte[1])));
            await().atMost(10, TimeUnit.SECONDS).until(() -> producer.partitionsFor(TOPIC).get(0).leader() == 1);

            CompletableFuture<RecordMetadata> second = producer.send(record("r2"));

            await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> attempts().size() == 2);
            cluster.broker(0).releaseResponses();
            assertThat(offset(first)).isEqualTo(1);
            assertThat(offset(second)).isEqualTo(2);
        }
        assertThat(attempts()).extracting(ProducerAttempt::outcome).containsExactly("appended", "appended", "appended");
        assertThat(log()).containsExactly("r0", "r1", "r2");
    }

    @Test
    void outOfOrderForALaterBatchWhileAnEarlierOneIsRetriedIsRetriedAfterIt() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).holdResponses(ApiKey.PRODUCE);
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.NOT_ENOUGH_REPLICAS);
            CompletableFuture<RecordMetadata> first = producer.send(record("r1"));
            CompletableFuture<RecordMetadata> second = producer.send(record("r2"));
            awaitHeld(2);

            cluster.broker(0).releaseResponses();

            assertThat(offset(first)).isEqualTo(1);
            assertThat(offset(second)).isEqualTo(2);
        }
        assertThat(attempts()).extracting(ProducerAttempt::baseSequence, ProducerAttempt::outcome).containsExactly(
                tuple(0, "appended"),
                tuple(1, "NOT_ENOUGH_REPLICAS"),
                tuple(2, "OUT_OF_ORDER_SEQUENCE"),
                tuple(1, "appended"),
                tuple(2, "appended"));
        assertThat(log()).containsExactly("r0", "r1", "r2");
    }

    @Test
    void outOfOrderForTheEarliestUnacknowledgedBatchFailsItAndLaterRecordsGoUnderANewId() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.OUT_OF_ORDER_SEQUENCE);

            Throwable error = TestClients.failureOf(producer.send(record("r1")));
            CompletableFuture<RecordMetadata> later = producer.send(record("r2"));

            assertThat(error).isInstanceOf(OutOfOrderSequenceException.class).hasMessageContaining("were not written")
                    .hasMessageContaining("lost the producer's state");
            assertThat(offset(later)).isEqualTo(1);
        }
        assertThat(attempts()).last().isEqualTo(new ProducerAttempt(FIRST_ID + 1, (short) 0, 0, 1, "appended"));
        assertThat(initProducerIdRequests()).isEqualTo(2);
        assertThat(log()).containsExactly("r0", "r2");
    }

    /**
     * The broker recognizes a repeat only among a producer's last 5 batches of the partition. While a
     * lost answer waits out its time-out, later batches of the partition are acknowledged; had the
     * producer sent more than 4 of them, the retry of the unanswered batch would fall out of that
     * window and be answered OUT_OF_ORDER_SEQUENCE, which reads as "not written" although it was:
     * the first loss was then reported as a failure, and a second loss behind it (its retry parked
     * behind the first one's gap) was written again under a new producer id (CI, 2026-12-06, seed
     * 91403856521531 of ProducerOrderUnderRetriesTest).
     */
    @Test
    void batchesAcknowledgedWhileAnAnswerIsLostStayWithinTheWindowInWhichTheBrokerRecognizesItsRetry() throws Exception {
        try (Producer producer = new Producer(config().requestTimeoutMs(1_500).build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            cluster.broker(0).loseAnswerOfNext(ApiKey.PRODUCE);
            fs.add(producer.send(record("r1")));
            await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.broker(0).requestCount(ApiKey.PRODUCE) == 2);
            for (int i = 2; i <= 6; i++) {
                fs.add(producer.send(record("r" + i)));
            }
            for (int i = 2; i <= 6; i++) {
                assertThat(offset(fs.get(i - 1))).isEqualTo(i);
            }
            cluster.broker(0).loseAnswerOfNext(ApiKey.PRODUCE);
            int before = cluster.broker(0).requestCount(ApiKey.PRODUCE);
            fs.add(producer.send(record("r7")));
            await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.broker(0).requestCount(ApiKey.PRODUCE) > before);
            for (int i = 8; i <= 12; i++) {
                fs.add(producer.send(record("r" + i)));
            }

            for (int i = 1; i <= 12; i++) {
                assertThat(offset(fs.get(i - 1))).as("r%d", i).isEqualTo(i);
            }
        }
        assertThat(log()).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12");
        assertThat(attempts()).extracting(ProducerAttempt::outcome).doesNotContain("OUT_OF_ORDER_SEQUENCE");
        assertThat(initProducerIdRequests()).isEqualTo(1);
    }

    @Test
    void aFencedProducerFailsThisAndEveryLaterSend() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.INVALID_PRODUCER_EPOCH);

            Throwable fenced = TestClients.failureOf(producer.send(record("r1")));
            Throwable later = TestClients.failureOf(producer.send(record("r2")));

            assertThat(fenced).isInstanceOf(ProducerFencedException.class).hasMessageContaining("close it");
            assertThat(later).isInstanceOf(ProducerFencedException.class);
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isEqualTo(2);
        assertThat(log()).containsExactly("r0");
    }

    @Test
    void aBatchThatExpiresUnansweredMayHaveBeenWrittenAndLaterSendsGoUnderANewId() throws Exception {
        ProducerConfig config = config().lingerMs(0).requestTimeoutMs(150).deliveryTimeoutMs(600).build();
        try (Producer producer = new Producer(config)) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            for (int i = 0; i < 100; i++) {
                cluster.broker(0).swallowNext(ApiKey.PRODUCE);
            }

            Throwable expired = TestClients.failureOf(producer.send(record("r1")));
            cluster.broker(0).clearFaults();
            CompletableFuture<RecordMetadata> later = producer.send(record("r2"));

            assertThat(expired).isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms")
                    .hasMessageContaining("may have been written");
            assertThat(offset(later)).isEqualTo(1);
        }
        assertThat(attempts()).last().isEqualTo(new ProducerAttempt(FIRST_ID + 1, (short) 0, 0, 1, "appended"));
        assertThat(log()).containsExactly("r0", "r2");
    }

    @Test
    void batchesBehindOneThatFailedForGoodWaitAndGoUnderANewIdInOrder() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).holdResponses(ApiKey.PRODUCE);
            cluster.broker(0).failNext(ApiKey.PRODUCE, ErrorCode.CORRUPT_RECORD_BATCH);
            CompletableFuture<RecordMetadata> rejected = producer.send(record("r1"));
            CompletableFuture<RecordMetadata> behind = producer.send(record("r2"));
            CompletableFuture<RecordMetadata> further = producer.send(record("r3"));
            awaitHeld(3);

            cluster.broker(0).releaseResponses();

            assertThat(TestClients.failureOf(rejected)).isInstanceOf(CorruptRecordException.class);
            assertThat(offset(behind)).isEqualTo(1);
            assertThat(offset(further)).isEqualTo(2);
        }
        assertThat(attempts()).containsExactly(
                new ProducerAttempt(FIRST_ID, (short) 0, 0, 1, "appended"),
                new ProducerAttempt(FIRST_ID, (short) 0, 1, 1, "CORRUPT_RECORD_BATCH"),
                new ProducerAttempt(FIRST_ID, (short) 0, 2, 1, "OUT_OF_ORDER_SEQUENCE"),
                new ProducerAttempt(FIRST_ID, (short) 0, 3, 1, "OUT_OF_ORDER_SEQUENCE"),
                new ProducerAttempt(FIRST_ID + 1, (short) 0, 0, 1, "appended"),
                new ProducerAttempt(FIRST_ID + 1, (short) 0, 1, 1, "appended"));
        assertThat(log()).containsExactly("r0", "r2", "r3");
    }

    @Test
    void aNewLeaderRecognizesRepeatsOfBatchesTheOldOneStored() throws Exception {
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
            cluster.broker(0).holdResponses(ApiKey.PRODUCE);
            CompletableFuture<RecordMetadata> first = producer.send(record("r1"));
            CompletableFuture<RecordMetadata> second = producer.send(record("r2"));
            awaitHeld(2);

            cluster.setLeader(TOPIC, 0, 1);
            cluster.broker(0).dropHeldResponses();
            cluster.broker(0).disconnectAll();

            assertThat(offset(first)).isEqualTo(1);
            assertThat(offset(second)).isEqualTo(2);
            assertThat(offset(producer.send(record("r3")))).isEqualTo(3);
        }
        assertThat(cluster.broker(1).requestCount(ApiKey.PRODUCE)).isGreaterThanOrEqualTo(3);
        assertThat(log()).containsExactly("r0", "r1", "r2", "r3");
    }

    @Test
    void theProducerIdIsAskedForAgainWhileBrokersFailRetriably() throws Exception {
        for (int b = 0; b < 2; b++) {
            cluster.broker(b).failNext(ApiKey.INIT_PRODUCER_ID, ErrorCode.CONTROLLER_NOT_AVAILABLE);
            cluster.broker(b).frameErrorNext(ApiKey.INIT_PRODUCER_ID, ErrorCode.BROKER_NOT_AVAILABLE);
        }
        try (Producer producer = new Producer(config().build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
        }
        assertThat(initProducerIdRequests()).isGreaterThanOrEqualTo(3);
        assertThat(attempts()).extracting(ProducerAttempt::producerId).containsExactly(FIRST_ID);
    }

    @Test
    void brokersWithoutInitProducerIdFailEverySendWithWhatToDo() {
        for (int b = 0; b < 2; b++) {
            cluster.broker(b).frameErrorNext(ApiKey.INIT_PRODUCER_ID, ErrorCode.UNSUPPORTED_API);
        }
        try (Producer producer = new Producer(config().build())) {
            Throwable first = TestClients.failureOf(producer.send(record("r0")));
            Throwable later = TestClients.failureOf(producer.send(record("r1")));

            assertThat(first).isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("enable.idempotence=false");
            assertThat(later).isSameAs(first);
        }
        assertThat(cluster.broker(0).requestCount(ApiKey.PRODUCE)).isZero();
    }

    @Test
    void withoutIdempotenceBatchesCarryNoProducerFields() throws Exception {
        try (Producer producer = new Producer(config().enableIdempotence(false).build())) {
            assertThat(offset(producer.send(record("r0")))).isZero();
        }
        RecordBatch stored = RecordBatch.of(cluster.batches(TOPIC, 0).get(0));
        assertThat(stored.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
        assertThat(stored.producerEpoch()).isEqualTo(RecordBatch.NO_PRODUCER_EPOCH);
        assertThat(stored.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(initProducerIdRequests()).isZero();
    }
}
