package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.LocalStore;
import io.brook.replication.raft.RaftConfig;
import io.brook.storage.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas' files are opened on the open pool, side by side, and their Raft nodes started on the
 * owner threads: many replicas open, a replica asked for twice opens once, a replica deleted while its
 * files are being opened is deleted after the opening, files included, and a new replica of the same
 * partition opens only after that deletion.
 */
class PartitionOpeningTest {

    private static final int COUNT = 200;

    @TempDir
    Path dir;

    private PartitionManager manager(LocalStore store) {
        BrokerConfig config = BrokerConfig.of(Map.of(BrokerConfig.BROKER_ID, "1", BrokerConfig.DATA_DIR, dir.toString(),
                BrokerConfig.LEADER_REBALANCE_ENABLED, "false"));
        return new PartitionManager(config, System::currentTimeMillis, store, (to, topic, partition, topicId, m) -> { },
                () -> { }, RaftConfig.defaults(), p -> { });
    }

    private static List<CompletableFuture<Void>> ensureAll(PartitionManager pm, String topicId) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            all.add(pm.ensureReplica("t", topicId, i, List.of(1), LogConfig.defaults(), true));
        }
        return all;
    }

    private static void await(List<CompletableFuture<Void>> all) throws Exception {
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
    }

    private long partitionDirs() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("t-") && !p.getFileName().toString().endsWith(".deleted"))
                    .count();
        }
    }

    private long deletedDirs() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".deleted")).count();
        }
    }

    @Test
    void many_replicas_open_side_by_side_and_twice_asked_opens_once() throws Exception {
        try (LocalStore store = LocalStore.open(dir.resolve("meta")); PartitionManager pm = manager(store)) {
            List<CompletableFuture<Void>> all = ensureAll(pm, "id-1");
            List<Partition> first = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                first.add(pm.get("t", i));
            }
            all.addAll(ensureAll(pm, "id-1")); // the next image asks again before the first opening completed

            await(all);

            for (int i = 0; i < COUNT; i++) {
                Partition p = pm.get("t", i);
                assertThat(p.offlineReason()).as("partition %d", i).isNull();
                assertThat(p.log()).as("partition %d", i).isNotNull();
                // the same replica, not one deleted and created again because it had no topic id while opening
                assertThat(p).as("partition %d", i).isSameAs(first.get(i));
            }
            assertThat(partitionDirs()).isEqualTo(COUNT);
            assertThat(deletedDirs()).as("directories of replicas deleted").isZero();
        }
    }

    @Test
    void a_replica_deleted_while_opening_is_deleted_after_it_opened() throws Exception {
        try (LocalStore store = LocalStore.open(dir.resolve("meta")); PartitionManager pm = manager(store)) {
            List<CompletableFuture<Void>> opens = ensureAll(pm, "id-1");
            List<CompletableFuture<Void>> deletes = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                deletes.add(pm.deleteReplica(new TopicPartition("t", i)));
            }

            await(opens);
            await(deletes);

            for (int i = 0; i < COUNT; i++) {
                assertThat(pm.get("t", i)).as("partition %d", i).isNull();
            }
            assertThat(partitionDirs()).as("log directories left").isZero();
            assertThat(pm.onDisk()).isEmpty();
        }
    }

    @Test
    void a_replica_of_a_topic_created_again_opens_after_the_old_one_is_deleted() throws Exception {
        try (LocalStore store = LocalStore.open(dir.resolve("meta")); PartitionManager pm = manager(store)) {
            List<CompletableFuture<Void>> all = ensureAll(pm, "id-1");
            for (int i = 0; i < COUNT; i++) {
                all.add(pm.deleteReplica(new TopicPartition("t", i)));
            }
            all.addAll(ensureAll(pm, "id-2")); // the topic deleted and created again while the first opened

            await(all);

            for (int i = 0; i < COUNT; i++) {
                Partition p = pm.get("t", i);
                assertThat(p.topicId()).as("partition %d", i).isEqualTo("id-2");
                assertThat(p.log()).as("partition %d", i).isNotNull();
                assertThat(TopicIdFile.read(pm.logDir(new TopicPartition("t", i))).topicId()).as("partition %d", i).isEqualTo("id-2");
            }
            assertThat(partitionDirs()).isEqualTo(COUNT);
        }
    }
}
