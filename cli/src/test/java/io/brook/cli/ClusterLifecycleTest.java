package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook cluster up}, {@code status} and {@code down} with three real broker processes: one
 * cluster for the class, started in {@link #up()}, inspected and refused a second start by the
 * tests in between, stopped by the last test. {@link #leaveNothingBehind()} stops every recorded
 * process even when a test failed; the temporary directory goes with JUnit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleTest {

    private static final String TOPIC = "lifecycle";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;

    @TempDir
    static Path dir;

    private int basePort;
    private String bootstrap;
    private final List<Long> pids = new ArrayList<>();

    /** A base port with it and the next two free on 127.0.0.1. */
    private static int freeBasePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            // each broker's listener, its peer listener (port + 100) and its metrics endpoint (port + 200)
            boolean free = true;
            // four brokers: the test grows the cluster by one
            for (int port : new int[] {base, base + 1, base + 2, base + 3, base + 100, base + 101, base + 102, base + 103, base + 200,
                    base + 201, base + 202, base + 203}) {
                free &= !ClusterProcesses.portBusy("127.0.0.1", port);
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no four consecutive free ports found");
    }

    @BeforeAll
    void up() throws Exception {
        basePort = freeBasePort();
        Cli.Result r = Cli.run("cluster", "up", "--nodes", "3", "--data", dir.toString(), "--base-port", String.valueOf(basePort),
                "--set", "log.threads=1", "--set", "network.threads=1", "--set", "raft.tick.ms=50",
                "--jvm-opt", "-Xmx256m", "--output", "json");
        Optional<ClusterRecord> record = ClusterRecord.read(dir.toAbsolutePath().normalize());
        record.ifPresent(rec -> rec.nodes().forEach(n -> pids.add(n.pid())));
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, Object> m = MiniJson.object(r.out());
        bootstrap = (String) m.get("bootstrap");
        assertThat(bootstrap).isEqualTo("127.0.0.1:" + basePort + ",127.0.0.1:" + (basePort + 1) + ",127.0.0.1:" + (basePort + 2));
        assertThat((List<?>) m.get("brokers")).hasSize(3);
        assertThat(((Map<?, ?>) ((List<?>) m.get("brokers")).get(0)).get("metrics")).isEqualTo("127.0.0.1:" + (basePort + 200));
        assertThat(pids).hasSize(3).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive));
    }

    @AfterAll
    void leaveNothingBehind() {
        try {
            Cli.run("cluster", "down", "--data", dir.toString(), "--timeout-ms", "10000");
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    @Order(1)
    void the_record_names_every_broker_with_its_pid_data_dir_and_log() {
        ClusterRecord record = ClusterRecord.read(dir.toAbsolutePath().normalize()).orElseThrow();

        // the voters are the brokers' peer listeners (port + 100)
        assertThat(record.voters()).isEqualTo("1@127.0.0.1:" + (basePort + 100) + ",2@127.0.0.1:" + (basePort + 101) + ",3@127.0.0.1:"
                + (basePort + 102));
        for (ClusterRecord.Node n : record.nodes()) {
            assertThat(n.dataDir()).isEqualTo(dir.toAbsolutePath().normalize().resolve("node" + n.id())).isDirectory();
            assertThat(n.logFile()).exists();
            assertThat(ClusterProcesses.brokerProcess(n)).as("broker %d runs", n.id()).isPresent();
        }
    }

    @Test
    @Order(2)
    void status_lists_every_broker_alive_with_its_pid_and_the_controller() {
        Cli.Result r = Cli.run("cluster", "status", "--data", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.outLines().get(0)).startsWith("Cluster: brook-local  controller: broker ").endsWith("brokers alive: 3 of 3");
        assertThat(r.outLines().get(1).split("\\s+")).containsExactly("BROKER", "ADDRESS", "ALIVE", "PID");
        for (int i = 0; i < 3; i++) {
            assertThat(r.outLines().get(2 + i).split("\\s+"))
                    .containsExactly(String.valueOf(i + 1), "127.0.0.1:" + (basePort + i), "yes", String.valueOf(pids.get(i)));
        }
        assertThat(r.out()).contains("No topics.");
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void status_reports_each_partition_from_its_leader_with_replica_lag() throws Exception {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).defaultApiTimeoutMs(30_000).build())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 3))).get();
        }
        ProducerConfig pc = ProducerConfig.builder().bootstrapServers(bootstrap).acks("all").maxBlockMs(30_000)
                .deliveryTimeoutMs(60_000).build();
        try (Producer producer = new Producer(pc)) {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sends.add(producer.send(new ProducerRecord(TOPIC, i % PARTITIONS, null,
                        ("r" + i).getBytes(StandardCharsets.UTF_8))));
            }
            CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get();
        }

        // followers learn the commit index one round trip after the leader: wait for every replica to catch up
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Cli.Result r = Cli.run("cluster", "status", "--data", dir.toString(), "--output", "json");
            assertThat(r.exitCode()).as("%s", r).isZero();
            Map<String, Object> m = MiniJson.object(r.out());
            List<Object> partitions = (List<Object>) m.get("partitions");
            assertThat(partitions).hasSize(PARTITIONS);
            long records = 0;
            for (Object o : partitions) {
                Map<String, Object> p = (Map<String, Object>) o;
                assertThat(p).containsEntry("topic", TOPIC).containsEntry("reported_by", p.get("leader"));
                assertThat((List<Object>) p.get("replicas")).containsExactlyInAnyOrder(1L, 2L, 3L);
                assertThat((List<Object>) p.get("in_sync_replicas")).containsExactlyInAnyOrder(1L, 2L, 3L);
                assertThat(p.get("high_watermark")).isEqualTo(p.get("log_end_offset"));
                List<Object> lags = (List<Object>) p.get("replica_lag");
                assertThat(lags).hasSize(3).allSatisfy(l -> assertThat((Map<String, Object>) l)
                        .containsEntry("lag", 0L).containsEntry("match_end", p.get("log_end_offset")));
                records += (Long) p.get("log_end_offset");
            }
            assertThat(records).as("log ends add up to at least the records produced").isGreaterThanOrEqualTo(RECORDS);
        });
        Cli.Result table = Cli.run("cluster", "status", "--data", dir.toString());
        assertThat(table.out()).contains("TOPIC", "REPLICA-LAG").containsPattern(TOPIC + " +0 +[123] ");
    }

    @Test
    @Order(3)
    void every_broker_is_ready_on_its_metrics_endpoint_at_its_port_plus_200() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            java.net.URI ready = java.net.URI.create("http://127.0.0.1:" + (basePort + 200 + i) + "/health/ready");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(java.net.http.HttpRequest.newBuilder(ready).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as("%s", ready).isEqualTo(200));
        }
    }

    @Test
    @Order(4)
    void up_again_while_the_cluster_runs_is_refused() {
        Cli.Result r = Cli.run("cluster", "up", "--data", dir.toString(), "--base-port", String.valueOf(basePort + 10));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: the cluster in ").contains("is still running")
                .contains("brook cluster down --data");
    }

    @Test
    @Order(5)
    void up_on_busy_ports_is_refused_and_starts_nothing(@TempDir Path other) {
        Cli.Result r = Cli.run("cluster", "up", "--data", other.toString(), "--base-port", String.valueOf(basePort));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("error: port " + basePort + " on 127.0.0.1 is already in use; pick another --base-port");
        assertThat(other).isEmptyDirectory();
    }

    @Test
    @Order(6)
    void up_with_more_nodes_adds_a_broker_to_the_running_cluster() {
        Cli.Result r = Cli.run("cluster", "up", "--nodes", "4", "--data", dir.toString(), "--base-port", String.valueOf(basePort),
                "--set", "log.threads=1", "--set", "network.threads=1", "--set", "raft.tick.ms=50", "--jvm-opt", "-Xmx256m");

        assertThat(r.exitCode()).as("%s", r).isZero();
        ClusterRecord record = ClusterRecord.read(dir.toAbsolutePath().normalize()).orElseThrow();
        assertThat(record.nodes()).hasSize(4);
        pids.add(record.nodes().get(3).pid());
        for (int i = 0; i < 3; i++) {
            assertThat(record.nodes().get(i).pid()).as("broker %d kept running", i + 1).isEqualTo(pids.get(i));
        }
        // the controller voters stay the first three
        assertThat(record.voters()).doesNotContain("4@");
        Cli.Result status = Cli.run("cluster", "status", "--data", dir.toString());
        assertThat(status.outLines().get(0)).endsWith("brokers alive: 4 of 4");
    }

    @Test
    @Order(100)
    void down_stops_every_recorded_broker_and_is_idempotent() throws Exception {
        Cli.Result r = Cli.run("cluster", "down", "--data", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(r.out()).contains("Stopped broker " + (i + 1) + " (pid " + pids.get(i) + ").");
            assertThat(ProcessHandle.of(pids.get(i)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
        assertThat(ClusterRecord.file(dir)).doesNotExist();
        assertThat(Files.readString(dir.resolve("node1.log"))).isNotEmpty();
        try (ServerSocket s = new ServerSocket(basePort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).as("the port is free again").isEqualTo(basePort);
        }

        Cli.Result again = Cli.run("cluster", "down", "--data", dir.toString());
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.out()).contains("nothing to stop");
    }
}
