package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.GroupDescription;
import io.brook.client.NewTopic;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.group.ConsumerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer group of three processes on a 6-partition topic of a 3-broker cluster, under a steady
 * producer: kill -9 of a consumer, of the group's coordinator's broker, and of a partition's leader.
 * After each, every partition is consumed again (the group rebalances, the coordinator moves to the
 * new leader of its {@code __groups} partition and the members find it, the consumers follow the
 * partition's new leader). At the end every acknowledged record was consumed by the group at least
 * once and the group's committed offsets reach the end of every partition (lag 0).
 */
class ConsumerGroupProcessTest {

    private static final String TOPIC = "orders";
    private static final String GROUP = "fraud-check";
    private static final int PARTITIONS = 6;

    private static final Map<String, String> CONFIG = new LinkedHashMap<>(ReplicatedClusterTest.FAST);

    static {
        CONFIG.put("group.session.timeout.ms", "3000");
        CONFIG.put("group.heartbeat.interval.ms", "300");
        CONFIG.put("groups.topic.partitions", "3");
    }

    private LocalCluster cluster;
    private final List<ConsumerProcess> consumers = new ArrayList<>();

    @AfterEach
    void stop() {
        consumers.forEach(ConsumerProcess::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void the_group_keeps_consuming_across_kills_of_a_consumer_the_coordinator_and_a_leader() throws Exception {
        Path dir = Files.createTempDirectory("brook-group");
        cluster = new LocalCluster(3, dir.resolve("cluster"), CONFIG);
        cluster.start(60_000);
        try (Admin admin = ClusterClients.admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 3))).get();
            ClusterClients.awaitLeaders(admin, TOPIC, PARTITIONS);
        }
        Map<String, Integer> acked = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        ProducerConfig pc = ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).lingerMs(2)
                .requestTimeoutMs(5_000).deliveryTimeoutMs(60_000).build();
        Thread writer;
        try (Producer producer = new Producer(pc); Admin admin = ClusterClients.admin(cluster)) {
            writer = new Thread(() -> produce(producer, acked, producing), "writer");
            writer.start();
            for (int i = 1; i <= 3; i++) {
                ConsumerProcess c = new ConsumerProcess("consumer-" + i, cluster.bootstrap(), GROUP, TOPIC, dir, null);
                consumers.add(c);
                c.start();
            }
            awaitEveryPartitionConsumedAfter(new HashMap<>(), "the group starts");
            awaitSettled(admin, 3);

            // a consumer is killed: its partitions move to the others once its session expires
            ConsumerProcess victim = consumers.get(0);
            long t0 = System.nanoTime();
            victim.kill();
            awaitEveryPartitionConsumedAfter(progress(), "consumer-1 was killed");
            System.out.printf("every partition consumed again %d ms after killing consumer-1%n", (System.nanoTime() - t0) / 1_000_000);
            GroupDescription g = awaitSettled(admin, 2);

            // the coordinator's broker is killed: the group moves to the new leader of its __groups partition
            BrokerProcess coordinator = cluster.broker(g.coordinatorId());
            t0 = System.nanoTime();
            coordinator.kill();
            Map<TopicPartition, OffsetAndMetadata> committedAtKill = admin.listGroupOffsets(GROUP).get();
            awaitEveryPartitionConsumedAfter(progress(), "the coordinator (broker " + coordinator.id() + ") was killed");
            // the members found the new coordinator: their commits are accepted again
            await("commits after the coordinator was killed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> now = admin.listGroupOffsets(GROUP).get();
                        return committedAtKill.keySet().stream().allMatch(tp -> now.get(tp).offset() > committedAtKill.get(tp).offset());
                    });
            System.out.printf("every partition consumed and committed again %d ms after killing the coordinator%n",
                    (System.nanoTime() - t0) / 1_000_000);
            coordinator.start();
            coordinator.awaitStarted(60_000);

            // a partition leader is killed
            int leader = ClusterClients.awaitLeaders(admin, TOPIC, PARTITIONS).get(0).leader();
            BrokerProcess leaderBroker = cluster.broker(leader);
            leaderBroker.kill();
            awaitEveryPartitionConsumedAfter(progress(), "the leader of partition 0 (broker " + leader + ") was killed");
            leaderBroker.start();
            leaderBroker.awaitStarted(60_000);

            producing.set(false);
            writer.join(30_000);
            producer.flush();
        }
        assertThat(acked).as("records acknowledged").hasSizeGreaterThan(1_000);

        // every acknowledged record was consumed by the group at least once
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Set<String> consumed = consumedValues();
            List<String> missing = acked.keySet().stream().filter(v -> !consumed.contains(v)).sorted().limit(10).toList();
            assertThat(missing).as("acknowledged records not consumed yet").isEmpty();
        });
        // and the group's committed offsets reach the end of every partition (its leader's high watermark: a
        // broker that has just restarted may describe an older one)
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartition(TOPIC, p));
        }
        Map<TopicPartition, Long> ends;
        try (Consumer reader = new Consumer(ConsumerConfig.builder().bootstrapServers(cluster.bootstrap())
                .defaultApiTimeoutMs(30_000).build())) {
            ends = reader.endOffsets(tps);
        }
        try (Admin admin = ClusterClients.admin(cluster)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listGroupOffsets(GROUP).get();
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    assertThat(committed.get(e.getKey())).as("commit of %s", e.getKey()).isNotNull();
                    assertThat(committed.get(e.getKey()).offset()).as("commit of %s", e.getKey()).isEqualTo(e.getValue());
                }
            });
        }
        for (ConsumerProcess c : consumers) {
            c.stop(10_000);
        }
    }

    /** Waits until the group has {@code members} members, each holding its whole target of two or more partitions. */
    private static GroupDescription awaitSettled(Admin admin, int members) {
        GroupDescription[] last = new GroupDescription[1];
        await("the group settles with " + members + " members").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    last[0] = admin.describeGroups(List.of(GROUP)).get().get(GROUP);
                    return last[0].members().size() == members && last[0].members().stream().allMatch(
                            m -> m.assignment().size() >= PARTITIONS / members && m.assignment().equals(m.target()));
                });
        return last[0];
    }

    private static void produce(Producer producer, Map<String, Integer> acked, AtomicBoolean producing) {
        long n = 0;
        while (producing.get()) {
            String value = "v-" + n;
            int partition = (int) (n % PARTITIONS);
            producer.send(new ProducerRecord(TOPIC, partition, null, null, value.getBytes(StandardCharsets.UTF_8), List.of()))
                    .whenComplete((m, t) -> {
                        if (t == null) {
                            acked.put(value, partition);
                        }
                    });
            if (++n % 30 == 0) {
                LockSupport.parkNanos(30_000_000);
            }
        }
    }

    /** Per partition, the highest offset any consumer (dead or alive) reported. */
    private Map<Integer, Long> progress() {
        Map<Integer, Long> max = new HashMap<>();
        for (ConsumerProcess c : consumers) {
            for (String line : c.lines()) {
                if (line.startsWith("R ")) {
                    String[] f = line.split(" ", 4);
                    max.merge(Integer.parseInt(f[1]), Long.parseLong(f[2]), Math::max);
                }
            }
        }
        return max;
    }

    private void awaitEveryPartitionConsumedAfter(Map<Integer, Long> before, String event) {
        await(event).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<Integer, Long> now = progress();
            for (int p = 0; p < PARTITIONS; p++) {
                if (now.getOrDefault(p, -1L) <= before.getOrDefault(p, -1L)) {
                    return false;
                }
            }
            return true;
        });
    }

    private Set<String> consumedValues() {
        Set<String> values = new HashSet<>();
        for (ConsumerProcess c : consumers) {
            for (String line : c.lines()) {
                if (line.startsWith("R ")) {
                    values.add(line.split(" ", 4)[3]);
                }
            }
        }
        return values;
    }
}
