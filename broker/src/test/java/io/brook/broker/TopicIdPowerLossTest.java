package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.TopicConfig;
import io.brook.broker.partition.Partition;
import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import io.brook.replication.control.TopicImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A partition directory's {@code topic.id} after a power loss: records acknowledged with
 * {@code acks=all} by an in-process broker, the broker stopped, {@code topic.id} left as a power
 * loss leaves a file that was never fsynced (empty, or gone), or damaged, and the broker started
 * again on the same data.
 */
class TopicIdPowerLossTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int RECORDS = 500;

    private static List<RecordStream.Sent> produce(BrokerFixture broker, String topic) throws Exception {
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, 1, Map.of()))).get(15, TimeUnit.SECONDS);
        }
        List<ProducerRecord> records = RecordStream.generate(topic, 1, 7, 0, RECORDS);
        try (Producer producer = new Producer(TestClients.producer(broker).build())) {
            return RecordStream.sendAll(producer, records);
        }
    }

    private static List<ConsumerRecord> consumeAll(BrokerFixture broker, String topic) {
        try (Consumer consumer = new Consumer(TestClients.consumer(broker).build())) {
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            return RecordStream.consume(consumer, RECORDS, WITHIN);
        }
    }

    private static Path logsDir(BrokerFixture broker) {
        return broker.dataDir().resolve("logs");
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file and directory under {@code root} with its bytes (hex), to compare before and after. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private static List<String> orphans(BrokerFixture broker) throws IOException {
        try (Stream<Path> dirs = Files.list(logsDir(broker))) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.contains(".orphan-")).toList();
        }
    }

    @Test
    void an_empty_topic_id_after_a_power_loss_loses_no_record() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            // given acknowledged records
            List<RecordStream.Sent> sent = produce(broker, "empty-id");
            Path idFile = logsDir(broker).resolve("empty-id-0").resolve("topic.id");
            // when the broker comes back with topic.id cut to 0 bytes, as an unsynced write is after a power loss
            broker.restart(() -> write(idFile, new byte[0]));
            // then every record is served again, and nothing was moved aside
            RecordStream.assertSame(sent, consumeAll(broker, "empty-id"), true);
            assertThat(orphans(broker)).isEmpty();
            assertThat(Files.size(idFile)).isPositive();
        }
    }

    @Test
    void a_missing_topic_id_after_a_power_loss_loses_no_record() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            // given
            List<RecordStream.Sent> sent = produce(broker, "no-id");
            Path idFile = logsDir(broker).resolve("no-id-0").resolve("topic.id");
            // when
            broker.restart(() -> {
                try {
                    Files.delete(idFile);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // then
            RecordStream.assertSame(sent, consumeAll(broker, "no-id"), true);
            assertThat(orphans(broker)).isEmpty();
        }
    }

    @Test
    void a_damaged_topic_id_takes_the_partition_offline_and_touches_nothing() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            // given acknowledged records and a topic.id with one flipped bit
            produce(broker, "damaged");
            Path dir = logsDir(broker).resolve("damaged-0");
            Path idFile = dir.resolve("topic.id");
            Map<String, String>[] before = new Map[1];
            // when the broker restarts on it
            broker.restart(() -> {
                try {
                    byte[] b = Files.readAllBytes(idFile);
                    b[12] ^= 0x04;
                    Files.write(idFile, b);
                    before[0] = snapshot(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // then the partition is offline and says why and what to do
            Broker b = broker.broker();
            await().atMost(WITHIN).until(() -> b.partitions().get("damaged", 0) != null
                    && b.partitions().get("damaged", 0).offlineReason() != null);
            Partition p = b.partitions().get("damaged", 0);
            assertThat(p.offlineReason()).contains(idFile.toString()).contains("CRC32C").contains("stays offline")
                    .contains("delete topic.id and restart the broker");

            // and neither a new metadata image nor the replica being asked for again changes the directory
            try (Admin admin = TestClients.admin(broker)) {
                admin.createTopics(List.of(new NewTopic("later", 1, 1, Map.of()))).get(15, TimeUnit.SECONDS);
            }
            TopicImage topic = b.metadata().image().topics().get("damaged");
            b.partitions().ensureReplica("damaged", topic.id(), 0, topic.partitions().get(0).replicas(),
                    TopicConfig.toLogConfig(topic.configs(), b.config()), false).get(30, TimeUnit.SECONDS);
            assertThat(b.partitions().get("damaged", 0)).as("the offline replica, not a re-created one").isSameAs(p);
            assertThat(snapshot(dir)).isEqualTo(before[0]);
            assertThat(orphans(broker)).isEmpty();
        }
    }
}
