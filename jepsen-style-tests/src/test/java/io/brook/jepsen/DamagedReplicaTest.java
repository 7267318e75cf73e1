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
import io.brook.client.TopicPartition;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.ClusterProbe;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.db.ReplicaLogReader;
import io.brook.jepsen.runner.RunOptions;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica whose acknowledged tail the disk lost must not vote before it has caught up, shown with
 * three broker processes and one partition (RF 3): follower Y is cut off from the others, so acks=all
 * writes commit on the leader L and follower X alone; X is killed and its newest segment cut back to
 * its header (the disk lost what X had acknowledged), L is killed, the network heals and X restarts.
 * Only X and Y run: Y never had the writes and X lost them. Had X voted, Y would lead without them
 * and they would be lost for good (that is what Brook did before the acknowledged-end mark). X must
 * refuse: no leader until L is back, then every acknowledged record is there and X catches up.
 */
class DamagedReplicaTest {

    private static final String TOPIC = "damaged";
    private static final int SEGMENT_HEADER_BYTES = 16;

    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_replica_that_lost_its_acknowledged_tail_does_not_vote_until_it_has_caught_up() throws Exception {
        cluster = new LocalCluster(3, Files.createTempDirectory("brook-damaged"), RunOptions.FAST_BROKERS, true);
        cluster.start(90_000);
        ClusterProbe probe = new ClusterProbe(cluster);
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(cluster.bootstrap()).defaultApiTimeoutMs(60_000).build())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, 3))).get(60, TimeUnit.SECONDS);
        }
        int leaderId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> probe.leaderOf(TOPIC, 0), l -> l > 0);
        BrokerProcess leader = cluster.broker(leaderId);
        List<BrokerProcess> followers = cluster.brokers().stream().filter(b -> b != leader).toList();
        BrokerProcess damaged = followers.get(0);
        BrokerProcess cutOff = followers.get(1);
        System.out.println("leader " + leader.id() + ", damaged follower " + damaged.id() + ", cut-off follower " + cutOff.id());

        Set<String> acknowledged = new HashSet<>();
        try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(leader.address()).acks("all").retries(0)
                .requestTimeoutMs(10_000).deliveryTimeoutMs(20_000).build())) {
            acknowledged.addAll(send(producer, "before-", 200));
            cluster.network().isolate(cutOff.id());
            acknowledged.addAll(send(producer, "during-", 500));
        }
        assertThat(acknowledged).hasSize(700);

        damaged.kill();
        Path segment = newestSegment(damaged);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            System.out.println("cutting " + segment + " from " + ch.size() + " bytes to its header");
            ch.truncate(SEGMENT_HEADER_BYTES);
        }
        leader.kill();
        cluster.network().heal();
        damaged.start();
        damaged.awaitStarted(90_000);

        // five election timeouts and more: with the damaged replica's vote, the cut-off one would lead by now
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> !leads(damaged) && !leads(cutOff));
        assertThat(Files.readString(damaged.logFile())).contains("lost records it had acknowledged");

        leader.start();
        leader.awaitStarted(90_000);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> probe.fullyReplicated(TOPIC, 1));
        assertThat(readAll()).containsAll(acknowledged);
        assertThat(Files.readString(damaged.logFile())).contains("has caught up");
    }

    private static List<String> send(Producer producer, String prefix, int n) throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String v = prefix + i;
            values.add(v);
            pending.add(producer.send(new ProducerRecord(TOPIC, 0, null, null, v.getBytes(StandardCharsets.UTF_8), List.of())));
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        return values;
    }

    private static Path newestSegment(BrokerProcess broker) {
        List<Path> segments = ReplicaLogReader.segments(broker.dataDir().resolve("logs").resolve(TOPIC + "-0"));
        assertThat(segments).isNotEmpty();
        return segments.get(segments.size() - 1);
    }

    /** Whether {@code broker}, asked itself, says it leads the partition. */
    private static boolean leads(BrokerProcess broker) {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(broker.address()).requestTimeoutMs(2_000)
                .defaultApiTimeoutMs(4_000).build())) {
            PartitionInfo p = admin.describeTopics(List.of(TOPIC)).get(5, TimeUnit.SECONDS).get(TOPIC).partitions().get(0);
            return p.leader() == broker.id();
        } catch (Exception e) {
            return false;
        }
    }

    private List<String> readAll() {
        List<String> values = new ArrayList<>();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(cluster.bootstrap())
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).defaultApiTimeoutMs(30_000).build())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                return consumer.position(tp) >= end;
            });
        }
        return values;
    }
}
