package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.RecordStream.Sent;
import io.brook.broker.config.BrokerConfig;
import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.Producer;
import io.brook.client.TopicPartition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopic;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Broker#close()} is graceful: requests it has started are answered before it returns, and
 * everything it acknowledged is there after a restart. The broker's shutdown timeout is long (30 s)
 * so that a request left hanging shows up as a missing answer, not as a slow test that passes.
 */
class GracefulShutdownTest {

    private static final String TOPIC = "graceful";

    private BrokerFixture broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = BrokerFixture.start(Map.of(BrokerConfig.SHUTDOWN_TIMEOUT_MS, "30000"));
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, 1))).get(15, TimeUnit.SECONDS);
        }
        awaitLeaders();
    }

    /** Waits until every partition has a leader (at once on a single broker). */
    private void awaitLeaders() throws Exception {
        try (Admin admin = TestClients.admin(broker)) {
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> admin.describeTopics(List.of(TOPIC)).get(15, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().stream().allMatch(PartitionInfo::hasLeader));
        }
    }

    /** Partition 0's high watermark: where a fetch waits for new data. */
    private long highWatermark() throws Exception {
        try (Admin admin = TestClients.admin(broker)) {
            return admin.describeTopics(List.of(TOPIC), true).get(15, TimeUnit.SECONDS).get(TOPIC).offsets().get(0).highWatermark();
        }
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    /** Closes the broker on another thread, as a SIGTERM would. */
    private CompletableFuture<Void> closeInBackground() {
        Broker running = broker.broker();
        return CompletableFuture.runAsync(running::close);
    }

    /** Sends an ApiVersions request and reads answers until its own: every earlier request on the connection has been dispatched. */
    private static List<RawConnection.Response> barrier(RawConnection c, int correlationId) throws Exception {
        c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), correlationId, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
        List<RawConnection.Response> before = new ArrayList<>();
        for (RawConnection.Response r = c.read(); r.correlationId() != correlationId; r = c.read()) {
            before.add(r);
        }
        return before;
    }

    @Test
    void a_fetch_waiting_for_data_is_answered_before_close_returns() throws Exception {
        long end = highWatermark();
        try (RawConnection c = new RawConnection(broker.port())) {
            // given a fetch parked on the broker, waiting up to 30 s for data at the end of a partition
            c.send(RawConnection.request(ApiKey.FETCH.id(), 1, FetchRequest.newBuilder().setMaxWaitMs(30_000).setMinBytes(1)
                    .setMaxBytes(1 << 20).addTopics(FetchTopic.newBuilder().setName(TOPIC)
                            .addPartitions(FetchPartition.newBuilder().setPartition(0).setFetchOffset(end).setMaxBytes(1 << 20)))
                    .build(), new byte[0]));
            assertThat(barrier(c, 2)).as("answers before the barrier").isEmpty();

            // when the broker shuts down
            CompletableFuture<Void> closing = closeInBackground();

            // then the fetch is answered (empty) rather than left hanging until the connection drops
            RawConnection.Response r = c.read();
            assertThat(r.correlationId()).isEqualTo(1);
            assertThat(r.errorCode()).isZero();
            FetchResponse fetch = FetchResponse.parseFrom(r.message());
            assertThat(fetch.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(r.payload()).isEmpty();
            closing.get(20, TimeUnit.SECONDS);
        }
    }

    private static byte[] batch(int request, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64 * 1024);
        for (int i = 0; i < records; i++) {
            b.append(1000L + i, ("r" + request).getBytes(), new byte[200]);
        }
        ByteBuffer built = b.build();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return bytes;
    }

    @Test
    void every_dispatched_acks_all_produce_is_answered_and_the_acknowledged_ones_survive_a_restart() throws Exception {
        int requests = 40;
        int recordsPerBatch = 100;
        Map<Long, Integer> acknowledged = new HashMap<>();
        try (RawConnection c = new RawConnection(broker.port())) {
            // given many acks=all produce requests dispatched by the broker, some of them still waiting for their fsync
            for (int i = 0; i < requests; i++) {
                byte[] batch = batch(i, recordsPerBatch);
                c.send(RawConnection.request(ApiKey.PRODUCE.id(), 100 + i, ProduceRequest.newBuilder().setAcks(-1).setTimeoutMs(30_000)
                        .addTopics(ProduceTopic.newBuilder().setName(TOPIC)
                                .addPartitions(ProducePartition.newBuilder().setPartition(0).setRecordsSize(batch.length)))
                        .build(), batch));
            }
            List<RawConnection.Response> answers = new ArrayList<>(barrier(c, 1));

            // when the broker shuts down
            CompletableFuture<Void> closing = closeInBackground();

            // then every one of them is answered before the connection closes: appended, or refused as shutting down
            while (answers.size() < requests) {
                answers.add(c.read());
            }
            closing.get(20, TimeUnit.SECONDS);
            for (RawConnection.Response r : answers) {
                if (r.errorCode() != 0) {
                    assertThat(ErrorResponse.parseFrom(r.message()).getErrorCode()).isEqualTo(ErrorCode.BROKER_SHUTTING_DOWN);
                    continue;
                }
                ProduceResponse produced = ProduceResponse.parseFrom(r.message());
                if (produced.getTopicsCount() == 0) {
                    assertThat(produced.getErrorCode()).as("a produce answered without partitions").isEqualTo(ErrorCode.BROKER_SHUTTING_DOWN);
                    continue;
                }
                var p = produced.getTopics(0).getPartitions(0);
                assertThat(p.getErrorCode()).isIn(ErrorCode.NONE, ErrorCode.BROKER_SHUTTING_DOWN);
                if (p.getErrorCode() == ErrorCode.NONE) {
                    acknowledged.put(p.getBaseOffset(), r.correlationId() - 100);
                }
            }
        }
        assertThat(acknowledged).as("requests acknowledged before the shutdown").isNotEmpty();

        // and after a restart each acknowledged batch is at the offset it was acknowledged with
        broker.restart();
        awaitLeaders();
        try (RawConnection c = new RawConnection(broker.port())) {
            int corr = 1000;
            for (Map.Entry<Long, Integer> e : acknowledged.entrySet()) {
                c.send(RawConnection.request(ApiKey.FETCH.id(), corr++, FetchRequest.newBuilder().setMaxWaitMs(0).setMaxBytes(1 << 20)
                        .addTopics(FetchTopic.newBuilder().setName(TOPIC).addPartitions(FetchPartition.newBuilder()
                                .setPartition(0).setFetchOffset(e.getKey()).setMaxBytes(1)))
                        .build(), new byte[0]));
                RawConnection.Response r = c.read();
                assertThat(FetchResponse.parseFrom(r.message()).getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
                RecordBatch stored = RecordBatch.of(ByteBuffer.wrap(r.payload()));
                assertThat(stored.baseOffset()).isEqualTo(e.getKey());
                assertThat(stored.recordCount()).isEqualTo(recordsPerBatch);
                assertThat(stored.isCrcValid()).isTrue();
                // everything from the magic byte on (what the CRC covers and more) is the request's batch, byte for byte
                byte[] original = batch(e.getValue(), recordsPerBatch);
                assertThat(Arrays.copyOfRange(r.payload(), RecordBatch.MAGIC_OFFSET, stored.sizeInBytes()))
                        .isEqualTo(Arrays.copyOfRange(original, RecordBatch.MAGIC_OFFSET, original.length));
            }
        }
    }

    @Test
    void records_acknowledged_by_a_producer_running_through_a_restart_are_all_there() throws Exception {
        long seed = RecordStream.seed();
        System.out.println("restart mid-stream seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        StreamingProducer stream;
        try (Producer producer = new Producer(TestClients.producer(broker).acks("all").lingerMs(1).batchSize(8 * 1024).build())) {
            // given a producer streaming acks=all records
            stream = new StreamingProducer(producer, i -> RecordStream.generate(TOPIC, 2, seed, i, 1).get(0), 2_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.acknowledged() >= 5_000);

            // when the broker restarts gracefully under it, and the producer keeps going for a while
            broker.restart();
            int atRestart = stream.acknowledged();
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.acknowledged() >= atRestart + 5_000);
            stream.stop();
        }

        // then every acknowledged record is in the log at the offset it was acknowledged with
        List<Sent> acknowledged = new ArrayList<>();
        stream.acked().forEach((i, md) -> acknowledged.add(new Sent(stream.sent().get(i), md)));
        System.out.println("sent " + stream.sent().size() + ", acknowledged " + acknowledged.size() + ", failed " + stream.failed());
        List<ConsumerRecord> all;
        try (Consumer consumer = new Consumer(TestClients.consumer(broker).build())) {
            List<TopicPartition> tps = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            all = RecordStream.consumeToEnd(consumer, tps, Duration.ofSeconds(60));
        }
        Map<String, ConsumerRecord> byPosition = new HashMap<>();
        all.forEach(r -> byPosition.put(r.partition() + "@" + r.offset(), r));
        for (Sent s : acknowledged) {
            ConsumerRecord got = byPosition.get(s.partition() + "@" + s.metadata().offset());
            assertThat(got).as("acknowledged record at %d@%d", s.partition(), s.metadata().offset()).isNotNull();
            assertThat(RecordStream.mismatch(s, got, s.metadata().offset())).isNull();
        }
    }
}
