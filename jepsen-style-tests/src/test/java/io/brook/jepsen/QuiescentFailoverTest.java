package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quiescent partitions (issue 15: idle partitions send heartbeats every
 * {@code raft.quiescent.heartbeat.ticks} instead of every 2 ticks) on three broker processes: an idle
 * topic quiesces and its leaders stay put, and when the broker leading them is killed (kill -9), the
 * followers see its broker fall silent and elect new leaders within the usual election timeout, not
 * after the quiescent interval. The interval here is 30 s (600 ticks of 50 ms), so waiting it out
 * would fail the 15 s bound; the pings between brokers are what lets the followers act sooner.
 */
class QuiescentFailoverTest {

    private static final String TOPIC = "idle";
    private static final int PARTITIONS = 3;
    private static final int QUIESCENT_TICKS = 600;

    private LocalCluster cluster;
    private final Map<Integer, Integer> metricsPorts = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A broker-wide metric (no labels) from broker {@code id}'s metrics endpoint. */
    private double metric(int id, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPorts.get(id) + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("broker " + id + " has no metric " + name);
    }

    private double leaderChanges() throws Exception {
        double total = 0;
        for (int id = 1; id <= 3; id++) {
            total += metric(id, "brook_partition_leader_changes_total");
        }
        return total;
    }

    private static List<RecordMetadata> produceToEach(Producer producer) throws Exception {
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            sends.add(producer.send(new ProducerRecord(TOPIC, p, null, ("v" + p).getBytes(StandardCharsets.UTF_8))));
        }
        List<RecordMetadata> acked = new ArrayList<>();
        for (CompletableFuture<RecordMetadata> f : sends) {
            acked.add(f.get(60, TimeUnit.SECONDS));
        }
        return acked;
    }

    @Test
    void an_idle_topic_quiesces_keeps_its_leaders_and_fails_over_within_the_election_timeout() throws Exception {
        Map<String, String> config = new HashMap<>(ReplicatedClusterTest.FAST);
        config.put("raft.quiescent.heartbeat.ticks", String.valueOf(QUIESCENT_TICKS));
        config.put("leader.rebalance.enabled", "false");
        cluster = new LocalCluster(3, Files.createTempDirectory("brook-quiescent"), config);
        for (BrokerProcess b : cluster.brokers()) {
            int port = freePort();
            metricsPorts.put(b.id(), port);
            b.reconfigure(Map.of("metrics.listener", "127.0.0.1:" + port));
        }
        cluster.start(60_000);
        try (Admin admin = ClusterClients.admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 3))).get();
            ClusterClients.awaitLeaders(admin, TOPIC, PARTITIONS);
        }
        ProducerConfig pc = ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).acks("all")
                .requestTimeoutMs(5_000).deliveryTimeoutMs(60_000).maxBlockMs(60_000).retryBackoffMs(50).build();
        try (Producer producer = new Producer(pc)) {
            assertThat(produceToEach(producer)).hasSize(PARTITIONS);

            // idle: every replica of the topic quiesces (other replicas, e.g. the groups topic's, may too)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                for (int id = 1; id <= 3; id++) {
                    assertThat(metric(id, "brook_partitions_quiescent")).as("broker %d", id).isGreaterThanOrEqualTo(PARTITIONS);
                }
            });
            // and stays led by the same replicas while the followers hear from the leaders' brokers
            double changes = leaderChanges();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> leaderChanges() == changes);

            int victimId;
            try (Admin admin = ClusterClients.admin(cluster)) {
                PartitionInfo p0 = ClusterClients.awaitLeaders(admin, TOPIC, PARTITIONS).get(0);
                victimId = p0.leader();
            }
            BrokerProcess victim = cluster.broker(victimId);
            long killedAt = System.nanoTime();
            victim.kill();

            List<RecordMetadata> after = produceToEach(producer);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
            System.out.println("QuiescentFailoverTest: broker " + victimId + " killed; every partition took a write again after "
                    + seconds + " s (quiescent interval " + QUIESCENT_TICKS / 20 + " s)");
            assertThat(after).hasSize(PARTITIONS);
            assertThat(seconds).as("seconds until every partition of the idle topic had a leader again").isLessThan(15);
        }
    }
}
