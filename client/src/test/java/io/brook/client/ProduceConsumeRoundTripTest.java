package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.Header;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProduceConsumeRoundTripTest {

    private static final String TOPIC = "round-trip";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;

    private FakeCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = FakeCluster.start(2);
        cluster.createTopic(TOPIC, PARTITIONS);
        cluster.setLeader(TOPIC, 1, 1);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** What was sent, with where it landed. */
    private record Sent(ProducerRecord record, long timestamp, CompletableFuture<RecordMetadata> future) {
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyFieldOfEveryRecordComesBackInOrder(CompressionType codec) throws Exception {
        long seed = System.nanoTime();
        System.out.println("seed " + seed + " codec " + codec);
        Random random = new Random(seed);
        List<Sent> sent = new ArrayList<>();
        try (Producer producer = new Producer(TestClients.producer(cluster).compression(codec).batchSize(4096).build())) {
            for (int i = 0; i < RECORDS; i++) {
                ProducerRecord r = randomRecord(random, i);
                sent.add(new Sent(r, r.timestamp(), producer.send(r)));
            }
            producer.flush();
        }
        Map<TopicPartition, List<Sent>> expected = new HashMap<>();
        for (Sent s : sent) {
            assertThat(s.future).isCompleted();
            RecordMetadata md = s.future.get();
            assertThat(md.topic()).isEqualTo(TOPIC);
            assertThat(md.timestamp()).isEqualTo(s.timestamp);
            if (s.record.partition() != null) {
                assertThat(md.partition()).isEqualTo(s.record.partition());
            }
            expected.computeIfAbsent(md.topicPartition(), k -> new ArrayList<>()).add(s);
        }
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(new TopicPartition(TOPIC, p));
        }
        try (Consumer consumer = new Consumer(TestClients.consumer(cluster).maxPollRecords(37).build())) {
            consumer.assign(all);
            List<ConsumerRecord> received = TestClients.pollUntil(consumer, RECORDS, Duration.ofSeconds(20));
            assertThat(received).hasSize(RECORDS);
            Map<TopicPartition, List<ConsumerRecord>> byPartition = new HashMap<>();
            received.forEach(r -> byPartition.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r));
            for (TopicPartition tp : all) {
                List<Sent> want = expected.getOrDefault(tp, List.of());
                List<ConsumerRecord> got = byPartition.getOrDefault(tp, List.of());
                assertThat(got).hasSameSizeAs(want);
                for (int i = 0; i < want.size(); i++) {
                    Sent s = want.get(i);
                    ConsumerRecord r = got.get(i);
                    assertThat(r.offset()).isEqualTo(s.future.get().offset()).isEqualTo(i);
                    assertThat(r.timestamp()).isEqualTo(s.timestamp);
                    assertThat(r.key()).isEqualTo(s.record.key());
                    assertThat(r.value()).isEqualTo(s.record.value());
                    assertThat(r.headers()).isEqualTo(s.record.headers());
                }
                assertThat(consumer.position(tp)).isEqualTo(want.size());
            }
        }
    }

    private static ProducerRecord randomRecord(Random random, int i) {
        byte[] key = random.nextInt(4) == 0 ? null : ("key-" + random.nextInt(50)).getBytes();
        byte[] value = random.nextInt(10) == 0 ? null : randomBytes(random, random.nextInt(300));
        List<Header> headers = new ArrayList<>();
        for (int h = random.nextInt(4); h > 0; h--) {
            headers.add(new Header("h" + h, random.nextBoolean() ? null : randomBytes(random, random.nextInt(20))));
        }
        Integer partition = random.nextInt(5) == 0 ? random.nextInt(PARTITIONS) : null;
        return new ProducerRecord(TOPIC, partition, 1_700_000_000_000L + i * 10L, key, value, headers);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
