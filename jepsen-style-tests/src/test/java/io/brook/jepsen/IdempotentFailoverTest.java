package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
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
        return ClusterClients.admin(cluster);
    }

    private static Map<Integer, PartitionInfo> awaitLeaders(Admin admin) {
        return ClusterClients.awaitLeaders(admin, TOPIC, PARTITIONS);
    }

    private Map<Integer, List<String>> readAll() {
        Map<Integer, List<String>> stored = new HashMap<>();
        for (ConsumerRecord r : ClusterClients.readAll(cluster, TOPIC, PARTITIONS)) {
            stored.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return stored;
    }
}
