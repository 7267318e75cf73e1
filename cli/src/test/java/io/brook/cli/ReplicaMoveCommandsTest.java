package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code brook partition reassign}, {@code brook partition reassignments}, {@code brook cluster decommission} and
 * {@code brook cluster rebalance} (replicas) against three in-process brokers: plans, validation and the listing of
 * a submitted move. A submitted move is held in progress by a throttle its new replica cannot catch up under,
 * then cancelled: the leader walks it back and it completes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaMoveCommandsTest {

    private static final String TOPIC = "spread";

    private static CliCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void given_three_brokers_and_a_topic_with_one_replica_per_partition_on_each() throws Exception {
        cluster = new CliCluster();
        bootstrap = cluster.bootstrap();
        // created once all three brokers are registered and alive: a replica on each
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var image = cluster.brokers().get(1).metadata().image();
            return image.brokers().size() == 3 && image.lastHeartbeatMs().size() == 3;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli.Result created = Cli.against(bootstrap, "topic", "create", TOPIC, "-p", "3", "-r", "1");
            assertThat(created.exitCode() == 0 || created.err().contains("already exists")).as("%s", created).isTrue();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> replicasOf(0) != null && replicasOf(1) != null && replicasOf(2) != null);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void a_balanced_cluster_has_nothing_to_rebalance_and_nothing_is_moving() {
        Cli.Result plan = Cli.against(bootstrap, "cluster", "rebalance");
        Cli.Result list = Cli.against(bootstrap, "partition", "reassignments");

        assertThat(plan.exitCode()).as("%s", plan).isZero();
        assertThat(plan.out()).contains("Replicas are balanced: nothing to move.");
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(list.out()).contains("No replica moves in progress.");
    }

    @Test
    @Order(2)
    void decommission_dry_run_plans_the_brokers_partition_onto_the_least_loaded_broker_and_moves_nothing() throws Exception {
        int partitionOf1 = partitionOn(1);

        Cli.Result plan = Cli.against(bootstrap, "cluster", "decommission", "1", "--dry-run", "-o", "json");

        assertThat(plan.exitCode()).as("%s", plan).isZero();
        Map<String, Object> json = MiniJson.object(plan.out());
        assertThat(json.get("executed")).isEqualTo(false);
        // brokers 2 and 3 hold one replica each: the lower id wins the tie
        assertThat(json.get("moves")).isEqualTo(List.of(Map.of("topic", TOPIC, "partition", (long) partitionOf1, "from", List.of(1L),
                "to", List.of(2L))));
        assertThat(replicasOf(partitionOf1)).containsExactly(1);
        assertThat(Cli.against(bootstrap, "partition", "reassignments").out()).contains("No replica moves in progress.");
    }

    @Test
    @Order(3)
    void bad_input_fails_with_one_line_naming_the_problem() {
        assertOneLineFailure(Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", "0", "--replicas", "2,2"),
                "name a broker twice");
        assertOneLineFailure(Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", "0", "--replicas", "2,9"),
                "broker 9, which is not registered");
        assertOneLineFailure(Cli.against(bootstrap, "partition", "reassign", "-t", "nope", "--partition", "0", "--replicas", "2"), "nope");
        assertOneLineFailure(Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", "7", "--replicas", "2"),
                "has no partition 7");
        assertOneLineFailure(Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", "0", "--cancel"),
                "no move of partition 0");
        assertOneLineFailure(Cli.against(bootstrap, "cluster", "decommission", "9"), "Broker 9 is not registered");
        Cli.Result usage = Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", "0", "--replicas", "2", "--throttle", "fast");
        assertThat(usage.exitCode()).as("%s", usage).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.against(bootstrap, "partition", "reassignments").out()).contains("No replica moves in progress.");
    }

    @Test
    @Order(4)
    void a_submitted_move_is_listed_with_its_target_and_throttle_then_rebalance_plans_around_it_and_cancel_walks_it_back() throws Exception {
        int p = partitionOn(1);
        int other = partitionOn(3);
        // 3 MiB in the partition: a new replica throttled to 1 KiB/s gets one request of at most 1 MiB, then
        // waits far longer than this test, so the move stays in progress
        try (io.brook.client.Producer producer = new io.brook.client.Producer(io.brook.client.ProducerConfig.builder()
                .bootstrapServers(bootstrap).acks("all").build())) {
            byte[] value = new byte[1024];
            java.util.List<java.util.concurrent.CompletableFuture<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 3 * 1024; i++) {
                sent.add(producer.send(new io.brook.client.ProducerRecord(TOPIC, p, null, value)));
            }
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(new java.util.concurrent.CompletableFuture[0])).get(60,
                    java.util.concurrent.TimeUnit.SECONDS);
        }

        Cli.Result moved = Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", String.valueOf(p), "--replicas", "2",
                "--throttle", "1KB");

        assertThat(moved.exitCode()).as("%s", moved).isZero();
        assertThat(moved.out()).containsPattern("(?m)^" + TOPIC + "\\s+" + p + "\\s+1\\s+2\\s*$");
        // the new replica cannot catch up under the throttle: the move stays listed. Listings and plans come from
        // the answering broker's metadata image, which may trail the controller's commit by a heartbeat (the
        // controller's leadership can move between two commands): wait until it shows the move
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli.Result list = Cli.against(bootstrap, "partition", "reassignments", "-o", "json");
            assertThat(MiniJson.object(list.out()).get("reassignments")).as("%s", list).isEqualTo(List.of(Map.of("topic", TOPIC,
                    "partition", (long) p, "replicas", List.of(1L), "target_replicas", List.of(2L), "throttle_bytes_per_sec", 1024L)));
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Cli.against(bootstrap, "topic", "describe", TOPIC, "-o", "json").out()).contains("\"target_replicas\":[2]"));

        // eventual counts 1:0, 2:2, 3:1: the plan moves broker 2's other partition (not the moving one) to broker 1
        int ofTwo = partitionOn(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli.Result plan = Cli.against(bootstrap, "cluster", "rebalance", "-o", "json");
            assertThat(plan.exitCode()).as("%s", plan).isZero();
            assertThat(MiniJson.object(plan.out()).get("moves")).as("%s", plan).isEqualTo(List.of(Map.of("topic", TOPIC,
                    "partition", (long) ofTwo, "from", List.of(2L), "to", List.of(1L))));
        });
        assertThat(other).isNotEqualTo(p);

        Cli.Result cancel = Cli.against(bootstrap, "partition", "reassign", "-t", TOPIC, "--partition", String.valueOf(p), "--cancel");
        assertThat(cancel.exitCode()).as("%s", cancel).isZero();
        assertThat(cancel.out()).containsPattern("(?m)^" + TOPIC + "\\s+" + p + "\\s+2\\s+1\\s*$");
        // the leader walks it back (the learner leaves) and reports it complete
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Cli.against(bootstrap, "partition", "reassignments").out()).contains("No replica moves in progress."));
        assertThat(replicasOf(p)).containsExactly(1);
    }

    // ---- helpers

    private static void assertOneLineFailure(Cli.Result r, String message) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err().strip().lines()).as("%s", r).hasSize(1);
        assertThat(r.err()).contains(message);
    }

    /** The partition of {@link #TOPIC} whose only replica is on {@code broker}. */
    private static int partitionOn(int broker) {
        for (int p = 0; p < 3; p++) {
            if (List.of(broker).equals(replicasOf(p))) {
                return p;
            }
        }
        throw new AssertionError("no partition on broker " + broker);
    }

    private static List<Integer> replicasOf(int partition) {
        var t = cluster.brokers().get(1).metadata().image().topics().get(TOPIC);
        return t == null ? null : t.partitions().get(partition).replicas();
    }
}
