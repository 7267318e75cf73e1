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
 * gone, and (printed, not asserted) how long 100,000 records take; docs/groups.md quotes the figure.
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
            Map<String, CoordinatedGroup> groups = ShardLoader.load(log, log.logEndOffset(), 45_000, 1_000);
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
