package io.brook.docker;

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
import io.brook.client.TopicPartition;
import io.brook.testcontainers.BrookImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The image {@code brook:local} (docker/build-image.sh) as a three-broker cluster: three containers
 * on the host network, configured only by {@code BROOK_*} variables as in docker/docker-compose.yml,
 * healthy by the image's HEALTHCHECK. A topic replicated three times takes acks=all writes; after
 * the container leading partition 0 is stopped, every acknowledged record is still read back, at
 * the offset it was acknowledged with.
 *
 * <p>Skipped, with the reason printed, when no Docker engine answers or the image does not exist.
 * Here the engine is the one of ../shared/docker/start-dockerd.sh, which needs
 * {@code TESTCONTAINERS_RYUK_DISABLED=true} and {@code TESTCONTAINERS_HOST_OVERRIDE=localhost}
 * (.ci/run exports both). When the test fails, every container's output is printed.
 */
class BrookImageClusterTest {

    static final String IMAGE = System.getProperty("brook.image", "brook:local");
    private static final String TOPIC = "docker-replicated";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 600;

    /** Skips the test (reported as skipped, with the reason printed) when it cannot run here. */
    private static void requireDockerAndImage() {
        String why = BrookImages.unavailableReason(IMAGE).orElse(null);
        if (why != null) {
            System.out.println("SKIPPED BrookImageClusterTest: " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /** A port nothing listens on now (the brokers bind it on the host network). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_three_container_cluster_serves_every_acknowledged_record_after_the_leader_container_stops() throws Exception {
        requireDockerAndImage();
        List<Integer> ports = List.of(freePort(), freePort(), freePort());
        List<Integer> peerPorts = List.of(freePort(), freePort(), freePort());
        List<Integer> metricsPorts = List.of(freePort(), freePort(), freePort());
        String voters = "1@127.0.0.1:" + peerPorts.get(0) + ",2@127.0.0.1:" + peerPorts.get(1) + ",3@127.0.0.1:" + peerPorts.get(2);
        String bootstrap = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2);
        List<GenericContainer<?>> brokers = new ArrayList<>();
        List<ToStringConsumer> logs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            ToStringConsumer log = new ToStringConsumer();
            logs.add(log);
            brokers.add(new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withNetworkMode("host")
                    .withEnv("BROOK_BROKER_ID", String.valueOf(id))
                    .withEnv("BROOK_LISTENER", "127.0.0.1:" + ports.get(id - 1))
                    .withEnv("BROOK_PEER_LISTENER", "127.0.0.1:" + peerPorts.get(id - 1))
                    // the image's HEALTHCHECK then asks /health/ready there, as docker-compose.yml's brokers do
                    .withEnv("BROOK_METRICS_LISTENER", "127.0.0.1:" + metricsPorts.get(id - 1))
                    .withEnv("BROOK_CONTROLLER_VOTERS", voters)
                    .withEnv("BROOK_DATA_DIR", "/var/lib/brook")
                    .withEnv("BROOK_JVM_OPTS", "-Xmx512m")
                    .withLogConsumer(log)
                    .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(2))));
        }
        try {
            // together: a broker becomes healthy only once a quorum of voters is up
            Startables.deepStart(brokers).get(3, TimeUnit.MINUTES);
            System.out.println("Three healthy containers of " + IMAGE + " at " + bootstrap);
            run(bootstrap, brokers);
        } catch (Throwable t) {
            for (int i = 0; i < logs.size(); i++) {
                System.out.println("---------- output of container brook-" + (i + 1) + " ----------");
                System.out.println(logs.get(i).toUtf8String());
            }
            throw t;
        } finally {
            for (GenericContainer<?> b : brokers) {
                b.stop();
            }
        }
    }

    /** Where the broker said a record is. */
    private record Acked(String value, int partition, long offset) {}

    private static void run(String bootstrap, List<GenericContainer<?>> brokers) throws Exception {
        AdminConfig adminConfig = AdminConfig.builder().bootstrapServers(bootstrap).defaultApiTimeoutMs(60_000).build();
        try (Admin admin = new Admin(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 3))).get(60, TimeUnit.SECONDS);
        }
        List<Acked> acked = produce(bootstrap);
        assertThat(acked).hasSize(RECORDS);
        assertThat(consume(bootstrap)).as("before any container stops").containsAllEntriesOf(byPosition(acked));

        int leader = leaderOfPartition0(adminConfig);
        System.out.println("Stopping the container of broker " + leader + ", leader of partition 0");
        brokers.get(leader - 1).stop();

        Map<String, String> after = consume(bootstrap);
        assertThat(after).as("every acknowledged record, at its offset, after broker %d stopped", leader)
                .containsAllEntriesOf(byPosition(acked));
        // the full bootstrap list, stopped broker included: the admin client moves on to the others
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).defaultApiTimeoutMs(10_000).build())) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(TOPIC)).get().get(TOPIC).partitions().get(0).leader() != leader);
        }
    }

    private static List<Acked> produce(String bootstrap) throws Exception {
        ProducerConfig config = ProducerConfig.builder().bootstrapServers(bootstrap).acks("all").maxBlockMs(60_000)
                .requestTimeoutMs(30_000).deliveryTimeoutMs(120_000).build();
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        try (Producer producer = new Producer(config)) {
            for (int i = 0; i < RECORDS; i++) {
                sends.add(producer.send(new ProducerRecord(TOPIC, i % PARTITIONS, null,
                        ("record-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
        }
        List<Acked> acked = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata m = sends.get(i).get(2, TimeUnit.MINUTES);
            acked.add(new Acked("record-" + i, m.partition(), m.offset()));
        }
        return acked;
    }

    private static int leaderOfPartition0(AdminConfig config) throws Exception {
        try (Admin admin = new Admin(config)) {
            PartitionInfo p0 = admin.describeTopics(List.of(TOPIC)).get(60, TimeUnit.SECONDS).get(TOPIC).partitions().get(0);
            assertThat(p0.hasLeader()).as("partition 0 has a leader: %s", p0).isTrue();
            return p0.leader();
        }
    }

    private static Map<String, String> byPosition(List<Acked> acked) {
        Map<String, String> m = new HashMap<>();
        for (Acked a : acked) {
            m.put(a.partition() + "@" + a.offset(), a.value());
        }
        return m;
    }

    /** Every record of the topic from the beginning to the end offsets, as partition@offset → value. */
    private static Map<String, String> consume(String bootstrap) {
        ConsumerConfig config = ConsumerConfig.builder().bootstrapServers(bootstrap)
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).defaultApiTimeoutMs(60_000).build();
        Map<String, String> seen = new HashMap<>();
        try (Consumer consumer = new Consumer(config)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    seen.put(r.partition() + "@" + r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                }
                for (TopicPartition tp : tps) {
                    if (consumer.position(tp) < ends.get(tp)) {
                        return false;
                    }
                }
                return true;
            });
        }
        return seen;
    }
}
