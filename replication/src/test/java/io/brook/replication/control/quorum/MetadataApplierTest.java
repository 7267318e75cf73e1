package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.storage.AppendInfo;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's state machine over a real partition log, driven by hand: what is applied (only what is
 * committed, term markers skipped), what submitters hear, checkpoints, and a log that starts later.
 */
class MetadataApplierTest {

    @TempDir
    Path dir;

    private final List<FakeLog> logs = new ArrayList<>();
    private final List<MetadataImage> images = new ArrayList<>();
    private long now = 1_000;

    @AfterEach
    void closeLogs() {
        logs.forEach(l -> l.log.close());
    }

    @Test
    void submitted_commands_are_applied_and_answered_only_once_committed() {
        FakeLog log = open("a");
        log.lead(1);
        MetadataApplier applier = applier(log, 100);
        List<MetadataApplier.Outcome> outcomes = new ArrayList<>();

        applier.submit(List.of(register(1), new MetadataCommand.Heartbeat(9)), outcomes::add);
        applier.onLogChange();

        assertThat(outcomes).isEmpty();
        assertThat(images).isEmpty();

        log.commitAll();
        applier.onLogChange();

        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).status()).isEqualTo(ControlMessages.Status.OK);
        assertThat(outcomes.get(0).results()).extracting(a -> a.result().error()).containsExactly(Error.NONE, Error.UNKNOWN_BROKER);
        assertThat(images).extracting(MetadataImage::version).containsExactly(1L);
        assertThat(applier.image().brokers()).containsKey(1);
    }

    @Test
    void term_markers_are_skipped_and_entries_apply_with_their_own_time() {
        FakeLog log = open("a");
        log.lead(1);
        log.appendMarker();
        MetadataApplier applier = applier(log, 100);
        now = 7_000;
        applier.submit(List.of(register(1)), o -> { });
        log.appendMarker();
        log.commitAll();

        applier.onLogChange();

        assertThat(applier.image().nowMs()).isEqualTo(7_000);
        assertThat(applier.image().version()).isEqualTo(1);
    }

    @Test
    void a_follower_refuses_submissions_naming_the_leader() {
        FakeLog log = open("a");
        log.follow(3);
        MetadataApplier applier = applier(log, 100);
        List<MetadataApplier.Outcome> outcomes = new ArrayList<>();

        applier.submit(List.of(register(1)), outcomes::add);

        assertThat(outcomes).containsExactly(MetadataApplier.Outcome.notLeader(3));
        assertThat(log.log.logEndOffset()).isZero();
    }

    @Test
    void losing_leadership_before_the_commit_makes_the_outcome_unknown() {
        FakeLog log = open("a");
        log.lead(1);
        MetadataApplier applier = applier(log, 100);
        List<MetadataApplier.Outcome> outcomes = new ArrayList<>();
        applier.submit(List.of(register(1)), outcomes::add);

        log.follow(2);
        applier.onLogChange();

        assertThat(outcomes).extracting(MetadataApplier.Outcome::status).containsExactly(ControlMessages.Status.UNKNOWN_OUTCOME);
    }

    @Test
    void the_leader_checkpoints_once_everything_is_applied_and_allows_retention_below_it() {
        FakeLog log = open("a");
        log.lead(1);
        MetadataApplier applier = applier(log, 3);
        for (int i = 0; i < 3; i++) {
            applier.submit(List.of(register(i)), o -> { });
        }
        long beforeCheckpoint = log.log.logEndOffset();
        log.commitAll();

        applier.onLogChange();

        assertThat(log.log.logEndOffset()).as("a checkpoint record was appended").isEqualTo(beforeCheckpoint + 1);
        assertThat(log.retentionBelow).isEqualTo(Long.MAX_VALUE);

        log.commitAll();
        applier.onLogChange();

        assertThat(log.retentionBelow).isEqualTo(beforeCheckpoint);
        assertThat(applier.image().version()).as("a checkpoint changes nothing").isEqualTo(3);
    }

    @Test
    void a_log_that_starts_later_is_rebuilt_from_its_first_checkpoint() {
        FakeLog leader = open("leader");
        leader.lead(1);
        MetadataApplier leading = applier(leader, 4);
        for (int i = 0; i < 6; i++) {
            leading.submit(List.of(register(i)), o -> { });
            leader.commitAll();
            leading.onLogChange();
        }
        leading.submit(List.of(new MetadataCommand.CreateTopic("t", "id", 2, 2, Map.of(), false, 60_000)), o -> { });
        leader.commitAll();
        leading.onLogChange();
        assertThat(leading.image().topics()).containsKey("t");

        // a follower reset to the leader's start at offset 2 (as after retention there): it must skip what it
        // cannot interpret until the checkpoint, then follow
        FakeLog follower = open("follower");
        follower.follow(1);
        follower.log.truncateFullyAndStartAt(2, 1);
        copy(leader.log, 2, follower.log);
        follower.commitAll();
        List<MetadataImage> followerImages = new ArrayList<>();
        MetadataApplier following = new MetadataApplier(follower, "follower", () -> now, 4, followerImages::add);
        following.start();

        assertThat(following.image()).isEqualTo(leading.image());
        assertThat(followerImages).extracting(MetadataImage::version).containsExactly(leading.image().version());
    }

    @Test
    void a_record_this_broker_cannot_read_halts_applying_instead_of_being_skipped() {
        FakeLog log = open("a");
        log.lead(1);
        MetadataApplier applier = applier(log, 100);
        applier.submit(List.of(register(1)), o -> { });
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64);
        b.append(now, null, new byte[] {9, 1, 2, 0, 0, 0, 1});
        log.append(b.build());
        applier.submit(List.of(register(2)), o -> { });
        log.commitAll();

        applier.onLogChange();

        assertThat(applier.halted()).contains("offset 1").contains("format version 9");
        assertThat(applier.image().brokers()).containsOnlyKeys(1);
        List<MetadataApplier.Outcome> later = new ArrayList<>();
        applier.submit(List.of(register(3)), later::add);
        assertThat(later).extracting(MetadataApplier.Outcome::status).containsExactly(ControlMessages.Status.NOT_APPLIED);
    }

    // ---- helpers

    private MetadataApplier applier(FakeLog log, long checkpointEvery) {
        MetadataApplier a = new MetadataApplier(log, "test", () -> now, checkpointEvery, images::add);
        a.start();
        return a;
    }

    private FakeLog open(String name) {
        FakeLog log = new FakeLog(PartitionLog.open(dir.resolve(name), LogConfig.defaults().withSegmentBytes(4096)));
        logs.add(log);
        return log;
    }

    private static MetadataCommand register(int id) {
        return new MetadataCommand.RegisterBroker(MetadataStateTest.broker(id));
    }

    private static void copy(PartitionLog from, long offset, PartitionLog to) {
        long next = offset;
        while (next < from.logEndOffset()) {
            try (ReadResult r = from.read(next, 1 << 20, Long.MAX_VALUE)) {
                ByteBuffer bytes = r.slice().readAll();
                to.appendAsFollower(bytes);
                next = r.slice().lastOffset() + 1;
            }
        }
    }

    /** A metadata log driven by the test: it says who leads and what is committed. Runs tasks at once. */
    private static final class FakeLog implements MetadataLog {
        final PartitionLog log;
        int term;
        int leader = -1;
        boolean leading;
        long committed;
        long retentionBelow = Long.MAX_VALUE;

        FakeLog(PartitionLog log) {
            this.log = log;
        }

        void lead(int id) {
            term++;
            leader = id;
            leading = true;
        }

        void follow(int id) {
            term++;
            leader = id;
            leading = false;
        }

        void commitAll() {
            committed = log.logEndOffset();
        }

        void appendMarker() {
            RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64).control(true);
            b.append(0, null, "marker".getBytes(StandardCharsets.UTF_8));
            log.appendAsLeader(b.build(), term);
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void listen(Runnable onChange) {
        }

        @Override
        public int leaderTerm() {
            return leading ? term : -1;
        }

        @Override
        public int leaderId() {
            return leader;
        }

        @Override
        public AppendInfo append(ByteBuffer batches) {
            if (!leading) {
                throw new IllegalStateException("not leading");
            }
            return log.appendAsLeader(batches, term);
        }

        @Override
        public long committedEnd() {
            return committed;
        }

        @Override
        public PartitionLog log() {
            return log;
        }

        @Override
        public void allowRetentionBelow(long offset) {
            retentionBelow = offset;
        }
    }
}
