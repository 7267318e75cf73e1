package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.testing.FakeBroker;
import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Produces and consumes while the brokers misbehave at random: retriable errors, requests left
 * unanswered, dropped connections and leadership moves. Every record must be acknowledged exactly
 * once and read back in order: without idempotence, with one request in flight and faults that never
 * half-apply a request; with idempotence, with five in flight and also requests that are applied but
 * whose answer is lost. A failure prints its seed; replay it with {@code -Dbrook.seed=N}; run more
 * cases with {@code -Dbrook.property.cases=N}.
 */
class FaultInjectionTest {

    private static final String TOPIC = "faulty";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 400;
    private static final ErrorCode[] RETRIABLE = {ErrorCode.NOT_LEADER, ErrorCode.LEADER_NOT_AVAILABLE,
        ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.THROTTLED,
        ErrorCode.BROKER_SHUTTING_DOWN, ErrorCode.REQUEST_TIMED_OUT};

    static List<Long> seeds() {
        String fixed = System.getProperty("brook.seed");
        if (fixed != null) {
            return List.of(Long.parseLong(fixed));
        }
        int cases = Integer.getInteger("brook.property.cases", 3);
        long base = System.nanoTime();
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            out.add(base + i);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyRecordIsStoredOnceAndReadBackInOrder(long seed) throws Exception {
        run(seed, false);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anIdempotentProducerStoresEveryRecordOnceInOrderThoughAnswersAreLost(long seed) throws Exception {
        run(seed, true);
    }

    private void run(long seed, boolean idempotent) throws Exception {
        System.out.println("FaultInjectionTest seed " + seed + (idempotent ? " (idempotent)" : ""));
        Random random = new Random(seed);
        try (FakeCluster cluster = FakeCluster.start(2)) {
            cluster.createTopic(TOPIC, PARTITIONS);
            Map<TopicPartition, List<String>> sent = new HashMap<>();
            ProducerConfig producerConfig = TestClients.producer(cluster).requestTimeoutMs(200).deliveryTimeoutMs(30_000)
                    .batchSize(512).maxInFlightRequestsPerConnection(idempotent ? 5 : 1).enableIdempotence(idempotent)
                    .build();
            try (Producer producer = new Producer(producerConfig)) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    if (random.nextInt(40) == 0) {
                        injectFault(cluster, random, ApiKey.PRODUCE, idempotent);
                    }
                    String value = "record-" + i;
                    values.add(value);
                    futures.add(producer.send(new ProducerRecord(TOPIC, random.nextInt(PARTITIONS), null,
                            value.getBytes(StandardCharsets.UTF_8))));
                }
                producer.flush();
                for (int i = 0; i < RECORDS; i++) {
                    RecordMetadata md = futures.get(i).get(30, TimeUnit.SECONDS);
                    sent.computeIfAbsent(md.topicPartition(), k -> new ArrayList<>()).add(values.get(i));
                    assertThat(md.offset()).as("seed %d", seed).isEqualTo(sent.get(md.topicPartition()).size() - 1);
                }
            }
            for (int p = 0; p < PARTITIONS; p++) {
                List<String> expected = sent.getOrDefault(new TopicPartition(TOPIC, p), List.of());
                assertThat(cluster.recordCount(TOPIC, p)).as("seed %d, partition %d", seed, p).isEqualTo(expected.size());
            }
            ConsumerConfig consumerConfig = TestClients.consumer(cluster).requestTimeoutMs(200).maxPartitionFetchBytes(600)
                    .build();
            try (Consumer consumer = new Consumer(consumerConfig)) {
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    all.add(new TopicPartition(TOPIC, p));
                }
                consumer.assign(all);
                Map<TopicPartition, List<String>> received = new HashMap<>();
                int count = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (count < RECORDS && System.nanoTime() < deadline) {
                    if (random.nextInt(5) == 0) {
                        injectFault(cluster, random, random.nextBoolean() ? ApiKey.FETCH : ApiKey.LIST_OFFSETS, false);
                    }
                    for (ConsumerRecord r : consumer.poll(Duration.ofMillis(50))) {
                        received.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>())
                                .add(new String(r.value(), StandardCharsets.UTF_8));
                        count++;
                    }
                }
                assertThat(received).as("seed %d", seed).isEqualTo(sent);
            }
        }
    }

    /** @param loseAnswers also apply requests and then lose their answer */
    private static void injectFault(FakeCluster cluster, Random random, ApiKey api, boolean loseAnswers) {
        FakeBroker broker = cluster.broker(random.nextInt(2));
        if (loseAnswers && random.nextInt(3) == 0) {
            broker.disconnectAfterNext(api);
            return;
        }
        switch (random.nextInt(5)) {
            case 0 -> broker.failNext(api, RETRIABLE[random.nextInt(RETRIABLE.length)]);
            case 1 -> broker.swallowNext(api);
            case 2 -> broker.disconnectOnNext(api);
            case 3 -> broker.disconnectAll();
            default -> cluster.setLeader(TOPIC, random.nextInt(PARTITIONS), random.nextInt(2));
        }
    }
}
