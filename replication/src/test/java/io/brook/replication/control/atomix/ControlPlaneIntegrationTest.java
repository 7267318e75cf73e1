package io.brook.replication.control.atomix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atomix.protocols.raft.RaftServer;
import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.TopicImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three voters (brokers 1..3) and a non-voter (broker 4) in one JVM over the in-memory transport. Timings
 * are printed for the record, never asserted.
 */
class ControlPlaneIntegrationTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ControlCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_topic_created_on_a_non_voter_is_visible_on_every_member() throws Exception {
        cluster = new ControlCluster(dir, 3, ControlCluster::fast);
        long start = System.nanoTime();
        startAndRegister(1, 2, 3, 4);
        System.out.printf("3 voters + 1 client: all registered %d ms after start%n", millisSince(start));
        List<Long> versions = new CopyOnWriteArrayList<>();
        cluster.get(4).addListener(image -> versions.add(image.version()));

        long created = System.nanoTime();
        MetadataResult r = done(cluster.get(4).createTopic("orders", 8, 3, Map.of("retention.ms", "60000"), false));
        System.out.printf("create topic on a non-voter: %d ms%n", millisSince(created));

        assertThat(r).isEqualTo(MetadataResult.OK);
        TopicImage orders = cluster.get(4).image().topics().get("orders");
        assertThat(orders).as("read your writes").isNotNull();
        assertThat(orders.partitions()).hasSize(8)
                .allSatisfy(p -> assertThat(new HashSet<>(p.replicas())).hasSize(3).isSubsetOf(1, 2, 3, 4));
        for (int id = 1; id <= 3; id++) {
            AtomixClusterMetadata m = cluster.get(id);
            await().atMost(BOUND).untilAsserted(() -> assertThat(m.image().topics().get("orders")).isEqualTo(orders));
        }
        await().atMost(BOUND).until(() -> versions.contains(cluster.get(4).image().version()));
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(done(cluster.get(1).createTopic("orders", 1, 1, Map.of(), false)).error()).isEqualTo(Error.TOPIC_ALREADY_EXISTS);
        assertThat(done(cluster.get(2).createTopic("big", 1, 5, Map.of(), false)).message()).contains("5").contains("(4)");
    }

    @Test
    void the_quorum_elects_a_new_leader_and_accepts_commands_after_its_leader_is_closed() throws Exception {
        cluster = new ControlCluster(dir, 3, ControlCluster::fast);
        startAndRegister(1, 2, 3, 4);
        int leader = awaitLeader();
        long latency = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            done(cluster.get(4).heartbeat(4));
        }
        System.out.printf("heartbeat from a non-voter, one at a time: %.1f ms each%n", millisSince(latency) / 20.0);

        long killed = System.nanoTime();
        cluster.stop(leader);
        MetadataResult r = done(cluster.get(4).createTopic("after-failover", 3, 2, Map.of(), false));
        System.out.printf("leader %d closed: a create succeeded %d ms later%n", leader, millisSince(killed));

        assertThat(r).isEqualTo(MetadataResult.OK);
        assertThat(cluster.get(4).sessionsOpened()).as("the session outlived its leader").isEqualTo(1);
        int survivor = leader == 1 ? 2 : 1;
        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(cluster.get(survivor).image().topics()).containsKey("after-failover");
            assertThat(cluster.get(4).controllerId()).isNotIn(-1, leader);
        });
    }

    @Test
    void a_restarted_voter_catches_up_from_its_own_directory_and_serves_in_the_quorum() throws Exception {
        cluster = new ControlCluster(dir, 3, ControlCluster::fast);
        startAndRegister(1, 2, 3, 4);
        assertThat(done(cluster.get(4).createTopic("before", 2, 2, Map.of(), false))).isEqualTo(MetadataResult.OK);
        int leader = awaitLeader();
        int restarted = leader == 3 ? 2 : 3;
        int other = 6 - leader - restarted;

        cluster.stop(restarted);
        assertThat(done(cluster.get(4).createTopic("while-down", 2, 2, Map.of(), false))).isEqualTo(MetadataResult.OK);
        assertThat(done(cluster.get(4).reportLeader("before", 0, 1, 4))).isEqualTo(MetadataResult.OK);
        long back = System.nanoTime();
        AtomixClusterMetadata again = cluster.start(restarted);

        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(again.image().topics()).containsKeys("before", "while-down");
            assertThat(again.commitIndex()).isGreaterThanOrEqualTo(cluster.get(leader).commitIndex());
        });
        System.out.printf("restarted voter caught up %d ms after start%n", millisSince(back));
        cluster.stop(other);
        assertThat(done(cluster.get(4).createTopic("needs-the-restarted", 1, 1, Map.of(), false))).isEqualTo(MetadataResult.OK);
        assertThat(again.role()).isIn(RaftServer.Role.LEADER, RaftServer.Role.FOLLOWER);
        assertThat(again.image().topics().get("before").partitions().get(0).leaderTerm()).isEqualTo(4);
    }

    @Test
    void a_single_voter_starts_at_once_and_keeps_its_state_across_a_restart() throws Exception {
        cluster = new ControlCluster(dir, 1);
        long start = System.nanoTime();
        AtomixClusterMetadata m = cluster.start(1);
        assertThat(done(m.registerBroker(new BrokerRegistration(1, "localhost", 9092, null)))).isEqualTo(MetadataResult.OK);
        System.out.printf("1 voter: first command done %d ms after start%n", millisSince(start));
        assertThat(done(m.createTopic("solo", 4, 1, Map.of(), false))).isEqualTo(MetadataResult.OK);
        assertThat(m.controllerId()).isEqualTo(1);

        cluster.stop(1);
        AtomixClusterMetadata again = cluster.start(1);

        await().atMost(BOUND).untilAsserted(() -> assertThat(again.image().topics()).containsKey("solo"));
        assertThat(again.image().brokers().get(1).rack()).isEmpty();
    }

    @Test
    void many_threads_calling_one_client_at_once_are_serialized_without_a_hang() throws Exception {
        cluster = new ControlCluster(dir, 3, ControlCluster::fast);
        startAndRegister(1, 2, 3, 4);
        AtomixClusterMetadata client = cluster.get(4);
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<MetadataResult>> futures = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        futures.add(client.createTopic("t-" + thread + "-" + i, 1, 1, Map.of(), false));
                        futures.add(client.heartbeat(4));
                    }
                });
            }
            long start = System.nanoTime();
            go.countDown();
            await().atMost(BOUND).until(() -> futures.size() == 2 * threads * perThread);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("%d concurrent commands on one client: %d ms%n", futures.size(), millisSince(start));
        } finally {
            pool.shutdownNow();
        }

        assertThat(futures).allSatisfy(f -> assertThat(f.join()).isEqualTo(MetadataResult.OK));
        assertThat(client.image().topics()).hasSize(threads * perThread);
    }

    @Test
    void without_a_quorum_commands_fail_as_not_available_and_work_again_after_the_session_expired() throws Exception {
        cluster = new ControlCluster(dir, 3, b -> ControlCluster.fast(b).commandTimeout(Duration.ofMillis(1500))
                .sessionTimeout(Duration.ofSeconds(3)));
        startAndRegister(1, 2, 3, 4);
        cluster.network().isolate(ControlCluster.address(4));

        long isolated = System.nanoTime();
        MetadataResult r = done(cluster.get(4).createTopic("lost", 1, 1, Map.of(), false));
        System.out.printf("isolated client: CONTROLLER_NOT_AVAILABLE after %d ms%n", millisSince(isolated));
        assertThat(r.error()).isEqualTo(Error.CONTROLLER_NOT_AVAILABLE);
        // Keep the client away for twice the session timeout: the quorum expires its session when it applies
        // another session's keep-alive (every half timeout) more than one timeout after the client's last.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            done(cluster.get(1).heartbeat(1));
            return millisSince(isolated) > 6_000;
        });

        cluster.network().reconnect(ControlCluster.address(4));
        long reconnected = System.nanoTime();
        await().atMost(BOUND).untilAsserted(() ->
                assertThat(done(cluster.get(4).heartbeat(4))).isEqualTo(MetadataResult.OK));
        System.out.printf("reconnected client: commands accepted again %d ms later%n", millisSince(reconnected));
        assertThat(cluster.get(4).sessionsOpened()).as("a new session replaced the expired one").isEqualTo(2);
        MetadataImage image = cluster.get(4).image();
        assertThat(image.lastHeartbeatMs()).containsKey(4);
    }

    // ---- helpers

    private void startAndRegister(int... ids) throws Exception {
        for (int id : ids) {
            cluster.start(id);
        }
        for (int id : ids) {
            BrokerRegistration b = new BrokerRegistration(id, "broker-" + id, 9092, "");
            await().atMost(BOUND).untilAsserted(() -> assertThat(done(cluster.get(id).registerBroker(b))).isEqualTo(MetadataResult.OK));
        }
    }

    private int awaitLeader() {
        List<Integer> leaders = new ArrayList<>();
        await().atMost(BOUND).until(() -> {
            leaders.clear();
            for (int id : cluster.runningIds()) {
                if (cluster.get(id).role() == RaftServer.Role.LEADER) {
                    leaders.add(id);
                }
            }
            return leaders.size() == 1;
        });
        return leaders.get(0);
    }

    private static MetadataResult done(CompletableFuture<MetadataResult> f) throws Exception {
        return f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
