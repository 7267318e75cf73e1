package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.client.Admin;
import io.brook.client.NewTopic;
import io.brook.replication.control.TopicImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's metadata log on a real broker: it lives in {@code <data.dir>/metadata}, the leader
 * checkpoints the state into it, segments below a committed checkpoint are deleted, and a broker that
 * restarts on the cut log rebuilds exactly the metadata it had.
 */
class MetadataLogTest {

    private BrokerFixture broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void the_log_is_cut_below_checkpoints_and_a_restart_rebuilds_the_same_metadata() throws Exception {
        broker = BrokerFixture.start(Map.of(
                BrokerConfig.METADATA_CHECKPOINT_RECORDS, "10",
                BrokerConfig.METADATA_LOG_SEGMENT_BYTES, "1024",
                BrokerConfig.LOG_RETENTION_CHECK_INTERVAL_MS, "100",
                BrokerConfig.BROKER_HEARTBEAT_MS, "50"));
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic("a", 2, 1), new NewTopic("b", 1, 1))).get(15, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic("c", 3, 1))).get(15, TimeUnit.SECONDS);
        }
        Map<String, String> ids = topicIds();
        assertThat(ids).containsOnlyKeys("a", "b", "c");
        Path log = broker.dataDir().resolve("metadata");

        // heartbeats every 50 ms fill 1 KiB segments and pass 10 changes quickly
        await().atMost(Duration.ofSeconds(30)).until(() -> firstSegmentBase(log) > 0);
        long versionBefore = broker.broker().metadata().image().version();
        broker.restart();

        await().atMost(Duration.ofSeconds(15)).until(() -> broker.broker().metadata().image().version() >= versionBefore);
        assertThat(topicIds()).isEqualTo(ids);
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic("d", 1, 1))).get(15, TimeUnit.SECONDS);
        }
        assertThat(topicIds()).containsKeys("a", "b", "c", "d");
    }

    private Map<String, String> topicIds() {
        Map<String, String> ids = new TreeMap<>();
        for (TopicImage t : broker.broker().metadata().image().topics().values()) {
            ids.put(t.name(), t.id());
        }
        return ids;
    }

    private static long firstSegmentBase(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4))).min().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
