package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.PartitionInfo;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An idempotent producer with the default settings (acks=all, retries, 5 requests in flight), kept open
 * while the leader of its partitions is killed with -9 and later restarted: every record is written
 * exactly once, and each partition holds its records in the order {@code send} was called. The batches
 * in flight to the killed leader time out or lose their connection and are retried against the new
 * leader, which may already hold some of them (answered as duplicates) and must not take later ones
 * first. With {@code enableIdempotence(false)} and nothing else changed it fails (run of 2026-12-06: in
 * partition 0, {@code v-3432} was stored where {@code v-3000} belonged: the retried batches landed after
 * newer ones).
 */
class IdempotentFailoverTest {

    private static final String TOPIC = "idempotent";
    private static final int PARTITIONS = 3;
    private static final int PER_PHASE = 3_000;

    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_producer_kept_open_across_a_leader_kill_and_restart_writes_every_record_once_in_order() throws Exception {
        cluster = new LocalCluster(3, Files.createTempDirectory("brook-idempotent"), ReplicatedClusterTest.FAST);
        cluster.start(60_000);
        int leader;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 3))).get();
            leader = awaitLeaders(admin).get(0).leader();
        }
        // defaults: idempotent, acks=all, 5 in flight, retries until the delivery time-out
        ProducerConfig pc = ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).lingerMs(1).batchSize(2048)
                .requestTimeoutMs(3_000).deliveryTimeoutMs(60_000).build();
        assertThat(pc.enableIdempotence()).isTrue();
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        BrokerProcess victim = cluster.broker(leader);
        try (Producer producer = new Producer(pc)) {
            // given records flowing
            send(producer, sends, 0, PER_PHASE);
            await().atMost(Duration.ofSeconds(60)).until(() -> sends.stream().filter(CompletableFuture::isDone).count() > PER_PHASE / 2);

            // when the leader of partition 0 is killed while more are sent
            victim.kill();
            send(producer, sends, PER_PHASE, PER_PHASE);
            producer.flush();

            // and restarted while more are sent
            victim.start();
            victim.awaitStarted(60_000);
            send(producer, sends, 2 * PER_PHASE, PER_PHASE);
            producer.flush();
        }

        // then every send was acknowledged
        Map<Integer, List<String>> sentByPartition = new HashMap<>();
        for (int i = 0; i < sends.size(); i++) {
            RecordMetadata m = sends.get(i).join();
            sentByPartition.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(value(i));
        }
        // and each partition holds exactly its records, once each, in send order
        Map<Integer, List<String>> stored = readAll();
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(stored.getOrDefault(p, List.of())).as("partition %d, in offset order", p)
                    .containsExactlyElementsOf(sentByPartition.getOrDefault(p, List.of()));
        }
    }

    private static void send(Producer producer, List<CompletableFuture<RecordMetadata>> sends, int from, int count) {
        for (int i = from; i < from + count; i++) {
            int partition = i % PARTITIONS;
            sends.add(producer.send(new ProducerRecord(TOPIC, partition, null, null,
                    value(i).getBytes(StandardCharsets.UTF_8), List.of())));
        }
    }

    private static String value(int i) {
        return "v-" + i;
    }

    private Admin admin() {
        return new Admin(AdminConfig.builder().bootstrapServers(cluster.bootstrap()).defaultApiTimeoutMs(30_000).build());
    }

    private static Map<Integer, PartitionInfo> awaitLeaders(Admin admin) {
        Map<Integer, PartitionInfo> leaders = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).get().get(TOPIC);
            leaders.clear();
            for (PartitionInfo p : d.partitions()) {
                if (p.hasLeader()) {
                    leaders.put(p.partition(), p);
                }
            }
            return leaders.size() == PARTITIONS;
        });
        return leaders;
    }

    private Map<Integer, List<String>> readAll() {
        Map<Integer, List<String>> stored = new HashMap<>();
        ConsumerConfig cc = ConsumerConfig.builder().bootstrapServers(cluster.bootstrap())
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).defaultApiTimeoutMs(30_000).build();
        try (Consumer consumer = new Consumer(cc)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    stored.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
                }
                for (TopicPartition tp : tps) {
                    if (consumer.position(tp) < ends.get(tp)) {
                        return false;
                    }
                }
                return true;
            });
        }
        return stored;
    }
}
