package io.brook.broker.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.group.Assignor;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.HeartbeatRequest;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.message.GroupCreatedRecord;
import io.brook.protocol.message.GroupDeletedRecord;
import io.brook.protocol.message.OffsetCommitRecord;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying a {@code __groups} partition: the groups, members and offsets it rebuilds, deleted groups
 * gone, a snapshot in place of the history before it once retention deleted that history, and
 * (printed, not asserted) how long 100,000 records take with and without a snapshot; docs/groups.md
 * quotes the figures.
 */
class ShardLoaderTest {

    private static final int GROUPS = 1_000;
    private static final int COMMITS_PER_GROUP = 95;

    @TempDir
    Path dir;

    @Test
    void a_replay_of_100k_records_rebuilds_every_group_member_and_last_offset() {
        long records;
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
            records = write(log);
            log.flush();
            long start = System.nanoTime();
            Map<String, CoordinatedGroup> groups = ShardLoader.load(log, log.logEndOffset(), 45_000, 1_000).groups();
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("Replayed %d records (%d bytes) of __groups in %d ms%n", records, log.sizeInBytes(), ms);

            assertThat(records).isGreaterThanOrEqualTo(100_000);
            assertThat(groups).hasSize(GROUPS - 1).doesNotContainKey("g-0");
            CoordinatedGroup g = groups.get("g-7");
            assertThat(g.assignor).isEqualTo("uniform");
            assertThat(g.coordinator.state().members()).containsOnlyKeys("a", "b");
            assertThat(g.offsets.get(new TopicPartition("t", 3)).offset()).isEqualTo(91); // the last n < 95 with n % 8 == 3
        }
    }

    @Test
    void after_a_snapshot_and_retention_the_replay_reads_the_snapshot_and_its_tail_and_rebuilds_the_same_groups() {
        LogConfig small = LogConfig.defaults().withSegmentBytes(256 * 1024).withRetentionBytes(0).withRetentionMs(-1);
        try (PartitionLog log = PartitionLog.open(dir, small)) {
            long history = write(log);
            Map<String, CoordinatedGroup> before = ShardLoader.load(log, log.logEndOffset(), 45_000, 1_000).groups();
            long snapshotAt = log.logEndOffset();
            List<GroupRecords.Encoded> snapshot = ShardSnapshot.of(before.values(), 2_000);
            append(log, snapshot);
            // a tail: more commits of one group, another deleted
            List<GroupRecords.Encoded> tail = new ArrayList<>();
            tail.add(commit("g-7", new TopicPartition("t", 3), 500, 3_000));
            tail.add(GroupRecords.encode("g-8", GroupRecords.record().setGroupDeleted(GroupDeletedRecord.getDefaultInstance()).build(),
                    null, null));
            append(log, tail);
            log.flush();
            Map<String, CoordinatedGroup> full = ShardLoader.load(log, log.logEndOffset(), 45_000, 1_000).groups();

            int deleted = log.enforceRetention(snapshotAt);
            assertThat(deleted).isPositive();
            assertThat(log.logStartOffset()).isPositive().isLessThanOrEqualTo(snapshotAt);

            long start = System.nanoTime();
            ShardLoader.Loaded bounded = ShardLoader.load(log, log.logEndOffset(), 45_000, 1_000);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("Replayed %d bytes of __groups from offset %d (a snapshot of %d records at %d, history %d records) in %d ms%n",
                    log.sizeInBytes(), log.logStartOffset(), snapshot.size(), snapshotAt, history, ms);

            assertThat(bounded.recordsSinceSnapshot()).isEqualTo(tail.size());
            assertThat(bounded.snapshotRecords()).isEqualTo(snapshot.size() - 1);
            assertThat(bounded.groups()).hasSameSizeAs(full).hasSize(GROUPS - 2).doesNotContainKeys("g-0", "g-8");
            full.forEach((id, g) -> {
                CoordinatedGroup b = bounded.groups().get(id);
                assertThat(b.assignor).isEqualTo(g.assignor);
                assertThat(b.lastCommitMs).isEqualTo(g.lastCommitMs);
                assertThat(b.offsets).isEqualTo(g.offsets);
                assertThat(b.coordinator.state()).isEqualTo(g.coordinator.state());
            });
            assertThat(bounded.groups().get("g-7").offsets.get(new TopicPartition("t", 3)).offset()).isEqualTo(500);
        }
    }

    @Test
    void a_log_whose_start_is_gone_without_a_snapshot_is_refused_clearly() {
        LogConfig small = LogConfig.defaults().withSegmentBytes(64 * 1024).withRetentionBytes(0).withRetentionMs(-1);
        try (PartitionLog log = PartitionLog.open(dir, small)) {
            write(log);
            log.flush();
            log.enforceRetention(log.logEndOffset());
            assertThat(log.logStartOffset()).isPositive();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShardLoader.load(log, log.logEndOffset(), 45_000, 1_000))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no snapshot");
        }
    }

    private static GroupRecords.Encoded commit(String group, TopicPartition tp, long offset, long timeMs) {
        return GroupRecords.encode(group, GroupRecords.record().setOffsetCommit(OffsetCommitRecord.newBuilder().setTopic(tp.topic())
                .setPartition(tp.partition()).setOffset(offset).setTerm(1).setCommitTimeMs(timeMs)).build(), null, tp);
    }

    private static void append(PartitionLog log, List<GroupRecords.Encoded> records) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64 * 1024);
        records.forEach(r -> b.append(0, r.key(), r.value()));
        log.appendAsLeader(b.build(), 1);
    }

    /** Per group: its creation, two members joining through a real state machine, then commits; group 0 is deleted. */
    private static long write(PartitionLog log) {
        long records = 0;
        for (int i = 0; i < GROUPS; i++) {
            String id = "g-" + i;
            List<GroupRecords.Encoded> batch = new ArrayList<>();
            batch.add(GroupRecords.encode(id, GroupRecords.record().setCreated(GroupCreatedRecord.newBuilder().setAssignor("uniform")).build(),
                    null, null));
            GroupCoordinator c = new GroupCoordinator(Assignor.named("uniform"), 45_000);
            c.topicPartitions("t", 8, 0);
            c.heartbeat(HeartbeatRequest.join("a", Set.of("t")), 0);
            c.heartbeat(HeartbeatRequest.join("b", Set.of("t")), 0);
            c.drainEvents().forEach(e -> batch.add(GroupRecords.encode(id, e)));
            for (int n = 0; n < COMMITS_PER_GROUP; n++) {
                TopicPartition tp = new TopicPartition("t", n % 8);
                batch.add(GroupRecords.encode(id, GroupRecords.record().setOffsetCommit(OffsetCommitRecord.newBuilder().setTopic("t")
                        .setPartition(tp.partition()).setOffset(n).setTerm(1).setCommitTimeMs(n)).build(), null, tp));
            }
            if (i == 0) {
                batch.add(GroupRecords.encode(id, GroupRecords.record().setGroupDeleted(GroupDeletedRecord.getDefaultInstance()).build(),
                        null, null));
            }
            RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 16 * 1024);
            batch.forEach(r -> b.append(0, r.key(), r.value()));
            log.appendAsLeader(b.build(), 1);
            records += batch.size();
        }
        return records;
    }
}
