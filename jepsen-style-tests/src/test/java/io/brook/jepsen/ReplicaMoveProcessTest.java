package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewPartitionReassignment;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.ClusterProbe;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.runner.RunOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A replica move survives kill -9 of any broker it involves, with three broker processes: partition 0
 * of a topic of RF 2 (two partitions, under an acks=all load) moves from its replicas {a, b} to {c, one
 * of a and b} (c held no replica; which one leaves is seeded), its new replica copying at a throttle so
 * that each step lasts long enough to be seen. At a seeded point of the move (right after submitting;
 * once the broker's log shows the learner in the configuration; once it shows it a voter) the victim
 * of the scenario is killed -9 and restarted after a seeded 0.2-1.2 s: the partition's leader, the
 * learner (the broker being added) or the replica being removed. Then the move must complete (the
 * metadata's replicas are the target and nothing moves), the removed broker must have deleted its
 * replica directory, every acknowledged record must be read exactly once at its offset, and the two
 * final replicas' segment files must hold the same bytes below the lower of their commit ends.
 *
 * <p>The seed is printed; {@code -Dbrook.seed=} replays each scenario's choices.
 */
class ReplicaMoveProcessTest {

    private static final String TOPIC = "moving";
    private static final int PARTITIONS = 2;
    /** The new replica copies at 1 MB/s: a few seconds for the log written before and during the move. */
    private static final long THROTTLE = 1_000_000;
    private static final Pattern STEP = Pattern.compile(
            "Partition " + TOPIC + "-0: configuration .* -> voters \\[([0-9, ]*)\\]( learners \\[([0-9, ]*)\\])?");

    /** Whom the scenario kills. */
    enum Victim { LEADER, LEARNER, REMOVED }

    /** When in the move it is killed. */
    enum Point { SUBMITTED, LEARNER_ADDED, LEARNER_PROMOTED }

    private LocalCluster cluster;

    private Victim running;

    /** Stops the cluster and deletes its files; its broker logs are kept under {@code target/jepsen/replica-move/}. */
    @AfterEach
    void stop() throws IOException {
        if (cluster == null) {
            return;
        }
        try {
            Path logs = Path.of("target", "jepsen", "replica-move", running.name().toLowerCase(java.util.Locale.ROOT));
            Files.createDirectories(logs);
            for (BrokerProcess b : cluster.brokers()) {
                b.close();
                if (Files.exists(b.logFile())) {
                    Files.copy(b.logFile(), logs.resolve(b.logFile().getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "kill -9 the {0}")
    @EnumSource(Victim.class)
    void a_move_completes_and_loses_nothing_when_a_broker_it_involves_is_killed(Victim victim) throws Exception {
        long seed = Long.getLong("brook.seed", System.nanoTime());
        System.out.println("ReplicaMoveProcessTest " + victim + ": seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        running = victim;
        Random random = new Random(seed + victim.ordinal());
        Point point = Point.values()[random.nextInt(Point.values().length)];
        boolean leaderLeaves = random.nextBoolean();
        long downMs = 200 + random.nextInt(1_001);

        cluster = new LocalCluster(3, Files.createTempDirectory("brook-move"), RunOptions.FAST_BROKERS);
        cluster.start(90_000);
        ClusterProbe probe = new ClusterProbe(cluster);
        try (Admin admin = ClusterClients.admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 2))).get(60, TimeUnit.SECONDS);
            PartitionInfo before = ClusterClients.awaitLeaders(admin, TOPIC, PARTITIONS).get(0);
            int leader = before.leader();
            int other = before.replicas().stream().filter(b -> b != leader).findFirst().orElseThrow();
            int learner = cluster.brokers().stream().map(BrokerProcess::id).filter(b -> !before.replicas().contains(b))
                    .findFirst().orElseThrow();
            int removed = leaderLeaves ? leader : other;
            List<Integer> target = List.of(learner, leaderLeaves ? other : leader);
            BrokerProcess killed = cluster.broker(switch (victim) {
                case LEADER -> leader;
                case LEARNER -> learner;
                case REMOVED -> removed;
            });
            System.out.printf("ReplicaMoveProcessTest %s: partition 0 %s (leader %d) -> %s, removes %d; kill -9 broker %d %s,"
                    + " down %d ms%n", victim, before.replicas(), leader, target, removed, killed.id(), point, downMs);

            Load load = new Load(cluster.bootstrap());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 3_000);

                admin.alterPartitionReassignments(List.of(new NewPartitionReassignment(new TopicPartition(TOPIC, 0), target,
                        THROTTLE)), false).get(30, TimeUnit.SECONDS);
                if (point != Point.SUBMITTED) {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                            .until(() -> reached(point, learner));
                }
                killed.kill();
                System.out.printf("ReplicaMoveProcessTest %s: killed broker %d %s, %d acknowledged so far%n", victim,
                        killed.id(), point, load.acknowledged.size());
                // how long the broker stays down is part of the scenario: its restart is scheduled, not slept for
                CompletableFuture.runAsync(killed::start, CompletableFuture.delayedExecutor(downMs, TimeUnit.MILLISECONDS))
                        .get(30, TimeUnit.SECONDS);
                killed.awaitStarted(90_000);

                // then the move completes
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(admin.listPartitionReassignments().get(10, TimeUnit.SECONDS)).as("moves running").isEmpty();
                    assertThat(admin.describeTopics(List.of(TOPIC)).get(10, TimeUnit.SECONDS).get(TOPIC).partitions().get(0)
                            .replicas()).as("replicas of partition 0").isEqualTo(target);
                });
                int atMove = load.acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= atMove + 500);
            } finally {
                load.stop();
            }
            System.out.printf("ReplicaMoveProcessTest %s: %d acknowledged, %d failed%n", victim, load.acknowledged.size(),
                    load.failed.get());

            // and the removed broker deletes its replica
            Path removedDir = cluster.broker(removed).dataDir().resolve("logs").resolve(TOPIC + "-0");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(removedDir).as("replica directory of the removed broker").doesNotExist());

            // and every acknowledged record is read exactly once, at its offset
            Map<String, ConsumerRecord> read = new HashMap<>();
            for (ConsumerRecord r : ClusterClients.readAll(cluster, TOPIC, PARTITIONS)) {
                String v = new String(r.value(), StandardCharsets.UTF_8);
                assertThat(read.put(v, r)).as("record %s read twice", v).isNull();
            }
            load.acknowledged.forEach((value, at) -> {
                ConsumerRecord r = read.get(value);
                assertThat(r).as("acknowledged record %s (partition %d offset %d)", value, at[0], at[1]).isNotNull();
                assertThat(new long[] {r.partition(), r.offset()}).as("position of %s", value).containsExactly(at);
            });

            // and the final replicas hold the same bytes below the lower commit end
            long end = Long.MAX_VALUE;
            for (int b : target) {
                PartitionOffsets o = await().atMost(Duration.ofSeconds(30))
                        .until(() -> probe.offsetsOn(cluster.broker(b), TOPIC).get(0), x -> x != null);
                end = Math.min(end, o.highWatermark());
            }
            for (BrokerProcess b : cluster.brokers()) {
                b.stop(30_000);
            }
            byte[] first = SegmentBytes.batchesBelow(partitionDir(target.get(0)), end);
            byte[] second = SegmentBytes.batchesBelow(partitionDir(target.get(1)), end);
            System.out.printf("ReplicaMoveProcessTest %s: replicas %s compared below offset %d: %d and %d bytes%n", victim,
                    target, end, first.length, second.length);
            assertThat(end).as("commit end of partition 0").isGreaterThanOrEqualTo(1_000);
            assertThat(first).as("bytes of broker %d's replica below %d (seed %d)", target.get(0), end, seed).isNotEmpty()
                    .isEqualTo(second);
        }
    }

    private Path partitionDir(int broker) {
        return cluster.broker(broker).dataDir().resolve("logs").resolve(TOPIC + "-0");
    }

    /** Whether a broker's log shows the move's step at {@code point}: the learner added, or made a voter. */
    private boolean reached(Point point, int learner) throws IOException {
        for (BrokerProcess b : cluster.brokers()) {
            Matcher m = STEP.matcher(Files.readString(b.logFile()));
            while (m.find()) {
                List<String> voters = List.of(m.group(1).split(", "));
                List<String> learners = m.group(3) == null ? List.of() : List.of(m.group(3).split(", "));
                String id = String.valueOf(learner);
                if (point == Point.LEARNER_ADDED ? learners.contains(id) : voters.contains(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * acks=all sends of unique values, alternating between the partitions, at most 64 in flight; remembers
     * where each acknowledged one went.
     */
    private static final class Load {
        final Map<String, long[]> acknowledged = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Semaphore inFlight = new Semaphore(64);
        private final Thread thread;

        Load(String bootstrap) {
            thread = new Thread(() -> run(bootstrap), "move-load");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(String bootstrap) {
            String pad = "x".repeat(150);
            try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap).acks("all").lingerMs(1)
                    .requestTimeoutMs(5_000).deliveryTimeoutMs(30_000).maxBlockMs(10_000).retryBackoffMs(50).build())) {
                for (long i = 0; running.get(); i++) {
                    if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                        continue;
                    }
                    String value = "v" + i + "-" + pad;
                    int partition = (int) (i % PARTITIONS);
                    try {
                        producer.send(new ProducerRecord(TOPIC, partition, null, null, value.getBytes(StandardCharsets.UTF_8),
                                List.of())).whenComplete((md, e) -> {
                                    if (e == null) {
                                        acknowledged.put(value, new long[] {md.partition(), md.offset()});
                                    } else {
                                        failed.incrementAndGet();
                                    }
                                    inFlight.release();
                                });
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        inFlight.release();
                    }
                }
                inFlight.acquire(64); // the outstanding sends settle before the producer closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(60_000);
        }
    }
}
