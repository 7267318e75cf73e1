package io.brook.storage;

import static io.brook.storage.TestBatches.assigned;
import static io.brook.storage.TestBatches.idempotent;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.ProducerEntry.BatchMetadata;
import io.brook.storage.SequenceCheck.Outcome;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log keeps {@link PartitionLog#producers()} equal to the state after every batch in it: on
 * leader and follower appends, truncation, reset, retention, clean reopen and reopen after a crash,
 * with snapshots ({@code <offset>.producers}) at rolls and on close, and with damaged or stale ones.
 */
class ProducerStateLogTest {

    /** Small segments: a roll every few batches. */
    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(1024).withRetentionMs(-1);
    private static final short EPOCH = 0;

    @TempDir Path tmp;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private PartitionLog log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(Path dir) {
        return PartitionLog.open(dir, CONFIG, clock::get);
    }

    /** Appends a batch of {@code records} records as leader, after the check the broker makes. */
    private static AppendInfo produce(PartitionLog log, long pid, int seq, int records) {
        ByteBuffer batch = idempotent(pid, EPOCH, seq, records, 5_000 + seq, false);
        SequenceCheck check = log.producers().check(io.brook.protocol.record.RecordBatch.of(batch));
        assertThat(check.outcome()).as("check of producer %d at %d", pid, seq).isEqualTo(Outcome.APPEND);
        return log.appendAsLeader(batch, 1);
    }

    /** Ten producers, each appending {@code rounds} batches of 3 records, round robin from {@code fromRound}. */
    private static void produceRounds(PartitionLog log, int fromRound, int rounds) {
        for (int r = fromRound; r < fromRound + rounds; r++) {
            for (long pid = 1; pid <= 10; pid++) {
                produce(log, pid, r * 3, 3);
            }
        }
    }

    private static List<Path> snapshots(Path dir) {
        return LogDirs.files(dir, ".producers");
    }

    private static long offsetOf(Path snapshot) {
        return Long.parseLong(snapshot.getFileName().toString().substring(0, 20));
    }

    @Test
    void leader_appends_record_each_producers_batches_with_their_offsets() {
        // given
        log = open(tmp.resolve("p"));
        // when
        produce(log, 7, 0, 3);
        log.appendAsLeader(TestBatches.batch(2, 1), 1);
        produce(log, 7, 3, 2);
        // then
        assertThat(log.producers().entries()).containsExactly(new ProducerEntry(7, EPOCH, 5_004,
                List.of(new BatchMetadata(0, 2, 0, 2), new BatchMetadata(3, 4, 5, 6))));
    }

    @Test
    void a_retried_batch_is_answered_with_its_original_offsets() {
        // given
        log = open(tmp.resolve("p"));
        produce(log, 7, 0, 3);
        produce(log, 7, 3, 3);
        // when
        SequenceCheck retry = log.producers().check(7, EPOCH, 0, 2);
        // then
        assertThat(retry).isEqualTo(SequenceCheck.duplicate(0, 2));
    }

    @Test
    void follower_appends_record_the_producers_too() {
        // given
        log = open(tmp.resolve("p"));
        // when
        log.appendAsFollower(assigned(idempotent(9, (short) 2, 40, 4, 100, false), 0, 3));
        log.appendAsFollower(assigned(idempotent(9, (short) 2, 44, 1, 200, false), 4, 3));
        // then
        assertThat(log.producers().entries()).containsExactly(new ProducerEntry(9, (short) 2, 200,
                List.of(new BatchMetadata(40, 43, 0, 3), new BatchMetadata(44, 44, 4, 4))));
    }

    @Test
    void rolls_write_a_snapshot_at_each_new_segments_base_offset() {
        // given
        Path dir = tmp.resolve("p");
        log = open(dir);
        // when
        produceRounds(log, 0, 6);
        // then
        List<Path> logs = LogDirs.segments(dir);
        assertThat(logs.size()).isGreaterThan(3);
        assertThat(snapshots(dir)).extracting(ProducerStateLogTest::offsetOf)
                .containsExactlyElementsOf(logs.subList(1, logs.size()).stream().map(ProducerStateLogTest::offsetOf).toList());
    }

    @Test
    void truncation_leaves_the_state_of_a_log_that_never_had_the_suffix() {
        // given a log of 4 rounds, and one of the same 4 rounds plus 5 more, truncated back
        PartitionLog reference = open(tmp.resolve("ref"));
        produceRounds(reference, 0, 4);
        long end = reference.logEndOffset();
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 9);
        // when
        long newEnd = log.truncateTo(end);
        // then
        assertThat(newEnd).isEqualTo(end);
        assertThat(log.producers().entries()).isEqualTo(reference.producers().entries());
        assertThat(snapshots(dir)).allSatisfy(p -> assertThat(offsetOf(p)).isLessThanOrEqualTo(end));
        // and a retry of a removed batch is now the next in sequence again
        assertThat(log.producers().check(1, EPOCH, 12, 14)).isSameAs(SequenceCheck.APPEND);
        reference.close();
    }

    @Test
    void truncation_inside_a_batch_removes_that_whole_batch_from_the_state() {
        // given
        log = open(tmp.resolve("p"));
        produce(log, 1, 0, 3);
        produce(log, 1, 3, 3);
        // when
        log.truncateTo(4);
        // then
        assertThat(log.producers().entries()).containsExactly(new ProducerEntry(1, EPOCH, 5_002, List.of(new BatchMetadata(0, 2, 0, 2))));
    }

    @Test
    void a_clean_reopen_loads_the_close_snapshot_and_replays_nothing() {
        // given
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 5);
        List<ProducerEntry> before = log.producers().entries();
        long end = log.logEndOffset();
        log.close();
        // when
        log = open(dir);
        // then
        assertThat(log.producers().entries()).isEqualTo(before);
        ProducerStateRebuild r = log.producerStateRebuild();
        assertThat(r.snapshotOffset()).isEqualTo(end);
        assertThat(r.batchesScanned()).isZero();
        assertThat(r.producers()).isEqualTo(10);
    }

    @Test
    void a_reopen_after_a_crash_replays_the_batches_after_the_last_roll() {
        // given a crash copy of an open log whose appends were flushed but which was never closed
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 5);
        log.flush();
        List<ProducerEntry> before = log.producers().entries();
        long lastRoll = offsetOf(snapshots(dir).get(snapshots(dir).size() - 1));
        Path crashed = LogDirs.crashCopy(dir, tmp.resolve("crashed"));
        // when
        try (PartitionLog recovered = open(crashed)) {
            // then
            assertThat(recovered.producers().entries()).isEqualTo(before);
            ProducerStateRebuild r = recovered.producerStateRebuild();
            assertThat(r.snapshotOffset()).isEqualTo(lastRoll);
            assertThat(r.replayedFrom()).isEqualTo(lastRoll);
            assertThat(r.replayedTo()).isEqualTo(log.logEndOffset());
            assertThat(r.batchesScanned()).isEqualTo((log.logEndOffset() - lastRoll) / 3);
        }
    }

    @Test
    void without_snapshots_the_state_is_rebuilt_from_the_whole_log() throws Exception {
        // given
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 5);
        List<ProducerEntry> before = log.producers().entries();
        log.close();
        for (Path p : snapshots(dir)) {
            Files.delete(p);
        }
        // when
        log = open(dir);
        // then
        assertThat(log.producers().entries()).isEqualTo(before);
        assertThat(log.producerStateRebuild().snapshotOffset()).isEqualTo(-1);
        assertThat(log.producerStateRebuild().batchesScanned()).isEqualTo(50);
    }

    @Test
    void a_damaged_newest_snapshot_is_skipped_and_left_in_place() throws Exception {
        // given a closed log whose close snapshot has a flipped byte
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 5);
        List<ProducerEntry> before = log.producers().entries();
        log.close();
        List<Path> snaps = snapshots(dir);
        Path newest = snaps.get(snaps.size() - 1);
        LogDirs.flipByte(newest, 25);
        byte[] damaged = Files.readAllBytes(newest);
        // when
        log = open(dir);
        // then
        assertThat(log.producers().entries()).isEqualTo(before);
        ProducerStateRebuild r = log.producerStateRebuild();
        assertThat(r.damagedSnapshots()).isEqualTo(1);
        assertThat(r.snapshotOffset()).isEqualTo(offsetOf(snaps.get(snaps.size() - 2)));
        assertThat(Files.readAllBytes(newest)).isEqualTo(damaged);
    }

    @Test
    void a_snapshot_above_the_log_end_is_stale_and_deleted_at_open() throws Exception {
        // given a snapshot beyond the end, as a crash before a truncation finished could leave
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 2);
        long end = log.logEndOffset();
        log.close();
        Path stale = dir.resolve(OffsetFileNames.name(end + 100, ".producers"));
        Files.write(stale, new byte[] {1, 2, 3});
        // when
        log = open(dir);
        // then
        assertThat(stale).doesNotExist();
        assertThat(log.producerStateRebuild().damagedSnapshots()).isZero();
    }

    @Test
    void retention_keeps_the_producers_of_deleted_batches_and_the_snapshot_at_the_new_start() {
        // given producer 99 appended only at the start, then enough rounds of others to roll several times
        Path dir = tmp.resolve("p");
        log = open(dir);
        produce(log, 99, 0, 2);
        for (int r = 0; r < 6; r++) {
            produce(log, 1, r * 3, 3);
            produce(log, 2, r * 3, 3);
        }
        log.flush();
        List<ProducerEntry> before = log.producers().entries();
        // when
        log.reconfigure(CONFIG.withRetentionBytes(1));
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        log.reconfigure(CONFIG);
        // then
        assertThat(deleted).isPositive();
        long start = log.logStartOffset();
        assertThat(log.producers().entries()).isEqualTo(before);
        assertThat(log.producers().entry(99)).isPresent();
        assertThat(snapshots(dir)).extracting(ProducerStateLogTest::offsetOf).first().isEqualTo(start);
        // and a reopen after a crash (no close snapshot) starts from the snapshot at the log start
        Path crashed = LogDirs.crashCopy(dir, tmp.resolve("crashed"));
        try (PartitionLog recovered = open(crashed)) {
            assertThat(recovered.producers().entries()).isEqualTo(before);
        }
    }

    @Test
    void a_full_reset_empties_the_state_and_deletes_every_snapshot() {
        // given
        Path dir = tmp.resolve("p");
        log = open(dir);
        produceRounds(log, 0, 5);
        // when
        log.truncateFullyAndStartAt(1000);
        // then
        assertThat(log.producers().size()).isZero();
        assertThat(snapshots(dir)).isEmpty();
        assertThat(log.producers().check(1, EPOCH, 77, 79)).isSameAs(SequenceCheck.APPEND);
    }

    @Test
    void expiry_removes_idle_producers_from_the_log_state() {
        // given producer 1 last wrote at 5_000.., producer 2 at 5_300..
        log = open(tmp.resolve("p"));
        produce(log, 1, 0, 3);
        produce(log, 2, 300, 3);
        // when
        int expired = log.producers().expire(5_302 + 100, 101);
        // then
        assertThat(expired).isEqualTo(1);
        assertThat(log.producers().entries()).extracting(ProducerEntry::producerId).containsExactly(2L);
    }
}
