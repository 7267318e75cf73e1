package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Three broker processes, a topic with six partitions replicated three times, and faults: kill -9 of
 * a partition's leader while acks=all writes flow (writes resume within 5 s; every acknowledged
 * record is read back exactly once, in offset order; the restarted broker catches up to a log
 * byte-identical to the leader's up to the commit index), and kill -9 of the controller leader
 * (topics can still be created).
 */
class ReplicatedClusterTest {

    /** Fast Raft for tests: 50 ms ticks, elections after 0.5-1 s of silence. */
    static final Map<String, String> FAST = Map.of(
            "raft.tick.ms", "50",
            "raft.election.ticks", "10",
            "broker.heartbeat.ms", "500",
            "log.threads", "1",
            "network.threads", "1");

    private LocalCluster cluster;

    @AfterEach
    void stop(TestInfo info) {
        if (cluster != null) {
            cluster.close();
        }
    }

    private LocalCluster startCluster(String name) throws Exception {
        cluster = new LocalCluster(3, Files.createTempDirectory("brook-" + name), FAST);
        cluster.start(60_000);
        return cluster;
    }

    private Admin admin() {
        return ClusterClients.admin(cluster);
    }

    private static Map<Integer, PartitionInfo> awaitLeaders(Admin admin, String topic, int partitions) {
        return ClusterClients.awaitLeaders(admin, topic, partitions);
    }

    /** One acknowledged record: where the broker said it is. */
    private record Acked(String value, int partition, long offset) {}

    @Test
    void killing_a_partition_leader_loses_no_acknowledged_record_and_the_restarted_broker_catches_up() throws Exception {
        startCluster("failover");
        String topic = "failover";
        int partitions = 6;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, 3))).get();
            awaitLeaders(admin, topic, partitions);
        }
        ProducerConfig pc = ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).acks("all").retries(0)
                .lingerMs(2).requestTimeoutMs(10_000).deliveryTimeoutMs(20_000).maxBlockMs(20_000).retryBackoffMs(50).build();
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong killedAtNanos = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstAckAfterKill = new AtomicLong(-1);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer;
        BrokerProcess victim;
        try (Producer producer = new Producer(pc)) {
            writer = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    String value = "v-" + n;
                    int partition = (int) (n % partitions);
                    long sentAt = System.nanoTime();
                    producer.send(new ProducerRecord(topic, partition, null, ("k" + n).getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8), List.of())).whenComplete((m, t) -> {
                        if (t != null) {
                            failed.incrementAndGet();
                        } else {
                            acked.put(value, new Acked(value, m.partition(), m.offset()));
                            if (m.partition() == 0 && sentAt > killedAtNanos.get()) {
                                firstAckAfterKill.compareAndSet(-1, System.nanoTime());
                            }
                        }
                    });
                    n++;
                    if (n % 200 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                    }
                }
            }, "writer");
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > 2_000);
            int leader;
            try (Admin admin = admin()) {
                leader = awaitLeaders(admin, topic, partitions).get(0).leader();
            }
            victim = cluster.broker(leader);
            killedAtNanos.set(System.nanoTime());
            victim.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> firstAckAfterKill.get() > 0);
            long resumeMs = (firstAckAfterKill.get() - killedAtNanos.get()) / 1_000_000;
            System.out.println("Writes to partition 0 resumed " + resumeMs + " ms after killing its leader (broker " + leader + ")");
            assertThat(resumeMs).as("writes resume within 5 s of the kill").isLessThan(5_000);
            long before = acked.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > before + 2_000);
            running.set(false);
            writer.join(10_000);
            producer.flush();
        }
        System.out.println("acknowledged " + acked.size() + ", failed " + failed.get());

        victim.start();
        victim.awaitStarted(60_000);
        Map<Integer, Long> commit = new HashMap<>();
        try (Admin admin = admin()) {
            Map<Integer, PartitionInfo> leaders = awaitLeaders(admin, topic, partitions);
            for (int p = 0; p < partitions; p++) {
                commit.put(p, leaderHighWatermark(leaders.get(p).leader(), topic, p));
            }
        }
        // the restarted broker catches up: its log equals each partition leader's up to the commit index
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Admin admin = admin()) {
                Map<Integer, PartitionInfo> leaders = awaitLeaders(admin, topic, partitions);
                for (int p = 0; p < partitions; p++) {
                    BrokerProcess leader = cluster.broker(leaders.get(p).leader());
                    byte[] expected = SegmentBytes.batchesBelow(leader.dataDir().resolve("logs/" + topic + "-" + p), commit.get(p));
                    byte[] actual = SegmentBytes.batchesBelow(victim.dataDir().resolve("logs/" + topic + "-" + p), commit.get(p));
                    assertThat(actual).as("partition %d on the restarted broker %d vs leader %d", p, victim.id(), leader.id())
                            .isEqualTo(expected);
                }
            }
        });

        // every acknowledged record is read back exactly once, at its offset, in offset order
        Map<String, List<Long>> seen = new HashMap<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (ConsumerRecord r : ClusterClients.readAll(cluster, topic, partitions)) {
            Long prev = lastOffset.put(r.partition(), r.offset());
            assertThat(prev == null || r.offset() > prev).as("offsets increase in partition %d", r.partition()).isTrue();
            seen.computeIfAbsent(new String(r.value(), StandardCharsets.UTF_8), v -> new ArrayList<>()).add(
                    ((long) r.partition() << 48) | r.offset());
        }
        for (Acked a : acked.values()) {
            List<Long> where = seen.get(a.value());
            assertThat(where).as("acknowledged %s", a.value()).isNotNull().hasSize(1);
            assertThat(where.get(0)).as("%s at its acknowledged offset", a.value()).isEqualTo(((long) a.partition() << 48) | a.offset());
        }
    }

    private long leaderHighWatermark(int leaderId, String topic, int partition) throws Exception {
        BrokerProcess leader = cluster.broker(leaderId);
        try (Admin one = new Admin(AdminConfig.builder().bootstrapServers(leader.address()).defaultApiTimeoutMs(30_000).build())) {
            PartitionOffsets o = one.describeTopics(List.of(topic), true).get().get(topic).offsets().get(partition);
            return o.highWatermark();
        }
    }

    @Test
    void a_topic_can_be_created_after_killing_the_controller_leader() throws Exception {
        startCluster("controller");
        int controller;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("before", 3, 3))).get();
            controller = admin.describeCluster().get().controllerId();
        }
        assertThat(controller).isBetween(1, 3);
        cluster.broker(controller).kill();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("after", 3, 3))).get();
            awaitLeaders(admin, "after", 3);
            assertThat(admin.listTopics().get()).contains("before", "after");
            assertThat(admin.describeCluster().get().controllerId()).isNotEqualTo(controller).isBetween(1, 3);
        }
    }
}
