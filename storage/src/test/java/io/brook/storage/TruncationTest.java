package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruncationTest {

    /** Three 3-record batches of ~100-byte values per segment. */
    private static final LogConfig SMALL = LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(200);

    @TempDir Path dir;
    @TempDir Path copies;

    private PartitionLog log;

    private PartitionLog open(Path where) {
        log = PartitionLog.open(where, SMALL, () -> 0L);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /** Appends {@code batches} 3-record batches; batch i gets term {@code 1 + i / termEvery}. */
    private void fill(int batches, int termEvery) {
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(batch(3, 1000 + 10L * i), 1 + i / termEvery);
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private long[] segmentBases() {
        return LogDirs.segments(log.dir()).stream()
                .mapToLong(p -> Long.parseLong(p.getFileName().toString().substring(0, 20))).toArray();
    }

    @Test
    void truncating_in_the_middle_of_a_segment_removes_the_later_batches() {
        // given: one segment, batches [0..2] [3..5] [6..8]
        open(dir);
        fill(3, 100);
        // when
        long end = log.truncateTo(6);
        // then
        assertThat(end).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(0, 6));
        try (ReadResult r = log.read(6, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            assertThat(r.status()).isEqualTo(ReadResult.Status.NO_DATA);
        }
    }

    @Test
    void a_target_inside_a_batch_removes_the_whole_batch() {
        // given
        open(dir);
        fill(3, 100);
        // when
        long end = log.truncateTo(7);
        // then
        assertThat(end).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(0, 6));
    }

    @Test
    void truncating_across_several_segments_removes_their_files() {
        // given
        open(dir);
        fill(20, 100);
        long[] bases = segmentBases();
        assertThat(bases.length).isGreaterThan(4);
        long target = bases[1] + 4;
        // when
        long end = log.truncateTo(target);
        // then
        assertThat(end).isEqualTo(bases[1] + 3);
        assertThat(segmentBases()).containsExactly(bases[0], bases[1]);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(LogDirs.files(dir, ".deleted")).isEmpty();
        assertThat(LogDirs.files(dir, ".index")).allSatisfy(p -> assertThat(p.getFileName().toString())
                .startsWith(LogDirs.segmentName(bases[0]).substring(0, 20)));
        assertThat(log.sizeInBytes()).isEqualTo(LogDirs.sizes(dir).entrySet().stream()
                .filter(e -> e.getKey().endsWith(".log")).mapToLong(e -> e.getValue()).sum());
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(0, end));
    }

    @Test
    void truncating_at_a_segment_boundary_keeps_everything_below_it() {
        // given
        open(dir);
        fill(20, 100);
        long[] bases = segmentBases();
        // when
        long end = log.truncateTo(bases[2]);
        // then
        assertThat(end).isEqualTo(bases[2]);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(0, bases[2]));
        assertThat(segmentBases()).doesNotContain(bases[3]);
        // and appends continue at the boundary
        assertThat(log.appendAsLeader(batch(1, 0), 9).firstOffset()).isEqualTo(bases[2]);
    }

    @Test
    void a_target_at_or_above_the_end_changes_nothing() {
        // given
        open(dir);
        fill(3, 100);
        var before = LogDirs.sizes(dir);
        // when
        long atEnd = log.truncateTo(9);
        long aboveEnd = log.truncateTo(1000);
        // then
        assertThat(atEnd).isEqualTo(9);
        assertThat(aboveEnd).isEqualTo(9);
        assertThat(log.logEndOffset()).isEqualTo(9);
        assertThat(LogDirs.sizes(dir)).isEqualTo(before);
    }

    @Test
    void a_target_at_the_log_start_empties_the_log() {
        // given
        open(dir);
        fill(3, 100);
        // when
        long end = log.truncateTo(0);
        // then
        assertThat(end).isEqualTo(0);
        assertThat(log.logStartOffset()).isEqualTo(0);
        assertThat(log.logEndOffset()).isEqualTo(0);
        assertThat(log.lastTerm()).isEqualTo(PartitionLog.NO_TERM);
        assertThat(TestBatches.readAll(log).remaining()).isZero();
    }

    @Test
    void a_target_below_the_log_start_restarts_the_log_at_the_target() {
        // given: a log from 100 to 109
        open(dir);
        log.truncateFullyAndStartAt(100);
        fill(3, 100);
        // when
        long end = log.truncateTo(50);
        // then
        assertThat(end).isEqualTo(50);
        assertThat(log.logStartOffset()).isEqualTo(50);
        assertThat(log.logEndOffset()).isEqualTo(50);
        assertThat(log.appendAsLeader(batch(2, 0), 1).firstOffset()).isEqualTo(50);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).containsExactly(50L, 51L);
    }

    @Test
    void appends_after_a_truncation_continue_from_the_new_end() {
        // given
        open(dir);
        fill(10, 100);
        log.truncateTo(13);
        // when
        AppendInfo info = log.appendAsLeader(batch(4, 0), 5);
        // then
        assertThat(info.firstOffset()).isEqualTo(12);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(0, 16));
        assertThat(log.termAt(12)).isEqualTo(5);
        assertThat(log.termAt(11)).isEqualTo(1);
    }

    @Test
    void the_term_index_forgets_the_truncated_terms() {
        // given: term 1 at [0..5], term 2 at [6..11], term 3 at [12..17]
        open(dir);
        fill(6, 2);
        // when
        long end = log.truncateTo(8);
        // then
        assertThat(end).isEqualTo(6);
        assertThat(log.lastTerm()).isEqualTo(1);
        assertThat(log.termAt(5)).isEqualTo(1);
        assertThat(log.termAt(6)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.endOffsetForTerm(1)).isEqualTo(new TermOffset(1, 6));
        assertThat(log.endOffsetForTerm(3)).isEqualTo(new TermOffset(1, 6));
        // and a lower term than before the truncation may be appended again
        log.appendAsLeader(batch(3, 0), 2);
        assertThat(log.endOffsetForTerm(1)).isEqualTo(new TermOffset(1, 6));
        assertThat(log.endOffsetForTerm(2)).isEqualTo(new TermOffset(2, 9));
    }

    @Test
    void a_truncation_survives_a_clean_reopen() {
        // given
        open(dir);
        fill(20, 5);
        long end = log.truncateTo(25);
        log.appendAsLeader(batch(2, 0), 9);
        ByteBuffer expected = TestBatches.readAll(log);
        // when
        log.close();
        open(dir);
        // then
        assertThat(log.logEndOffset()).isEqualTo(end + 2);
        assertThat(TestBatches.readAll(log)).isEqualTo(expected);
        assertThat(log.termAt(end)).isEqualTo(9);
        assertThat(log.termAt(end - 1)).isEqualTo(2);
        assertThat(log.lastTerm()).isEqualTo(9);
    }

    @Test
    void a_truncation_survives_a_crash_right_after_it() {
        // given
        open(dir);
        fill(20, 5);
        log.flush();
        // when: the machine stops right after truncateTo returned
        long end = log.truncateTo(25);
        ByteBuffer expected = TestBatches.readAll(log);
        Path crashed = LogDirs.crashCopy(dir, copies.resolve("crashed"));
        log.close();
        open(crashed);
        // then
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(TestBatches.readAll(log)).isEqualTo(expected);
        assertThat(log.lastTerm()).isEqualTo(TestBatches.terms(expected).get(TestBatches.terms(expected).size() - 1));
        assertThat(log.termAt(end)).isEqualTo(PartitionLog.NO_TERM);
    }

    @Test
    void a_truncation_and_the_flushed_appends_after_it_survive_a_crash() {
        // given
        open(dir);
        fill(20, 5);
        long end = log.truncateTo(25);
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(batch(3, 0), 7);
        }
        log.flush();
        ByteBuffer expected = TestBatches.readAll(log);
        // when
        Path crashed = LogDirs.crashCopy(dir, copies.resolve("crashed"));
        log.close();
        open(crashed);
        // then
        assertThat(log.logEndOffset()).isEqualTo(end + 18);
        assertThat(TestBatches.readAll(log)).isEqualTo(expected);
        assertThat(log.endOffsetForTerm(6)).isEqualTo(new TermOffset(2, end));
        assertThat(log.endOffsetForTerm(7)).isEqualTo(new TermOffset(7, end + 18));
    }

    @Test
    void truncate_fully_and_start_at_empties_the_log_and_continues_at_the_offset() {
        // given
        open(dir);
        fill(20, 5);
        // when
        log.truncateFullyAndStartAt(1234);
        // then
        assertThat(log.logStartOffset()).isEqualTo(1234);
        assertThat(log.logEndOffset()).isEqualTo(1234);
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(LogDirs.segments(dir)).containsExactly(dir.resolve(LogDirs.segmentName(1234)));
        assertThat(log.lastTerm()).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.endOffsetForTerm(100)).isEqualTo(TermOffset.UNKNOWN);
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            assertThat(r.status()).isEqualTo(ReadResult.Status.OFFSET_OUT_OF_RANGE);
        }
        // and appends may use any term again
        assertThat(log.appendAsLeader(batch(2, 0), 1).firstOffset()).isEqualTo(1234);
        assertThat(log.termAt(1235)).isEqualTo(1);
    }

    @Test
    void truncate_fully_and_start_at_survives_a_clean_reopen_and_a_crash() {
        // given
        open(dir);
        fill(20, 5);
        log.truncateFullyAndStartAt(500);
        log.appendAsLeader(batch(2, 0), 2);
        log.flush();
        Path crashed = LogDirs.crashCopy(dir, copies.resolve("crashed"));
        // when
        log.close();
        open(dir);
        // then
        assertThat(log.logStartOffset()).isEqualTo(500);
        assertThat(log.logEndOffset()).isEqualTo(502);
        assertThat(log.termAt(500)).isEqualTo(2);
        log.close();
        open(crashed);
        assertThat(log.logStartOffset()).isEqualTo(500);
        assertThat(log.logEndOffset()).isEqualTo(502);
        assertThat(log.endOffsetForTerm(5)).isEqualTo(new TermOffset(2, 502));
        assertThat(log.endOffsetForTerm(1)).isEqualTo(TermOffset.UNKNOWN);
    }

    @Test
    void an_empty_restarted_log_survives_a_crash() {
        // given
        open(dir);
        fill(5, 5);
        // when
        log.truncateFullyAndStartAt(77);
        Path crashed = LogDirs.crashCopy(dir, copies.resolve("crashed"));
        log.close();
        open(crashed);
        // then
        assertThat(log.logStartOffset()).isEqualTo(77);
        assertThat(log.logEndOffset()).isEqualTo(77);
        assertThat(log.lastTerm()).isEqualTo(PartitionLog.NO_TERM);
    }

    @Test
    void a_segment_held_by_a_reader_does_not_block_a_second_segment_with_the_same_base_offset_from_going() {
        // given: a reader still holds the first segment at offset 0
        open(dir);
        fill(2, 100);
        ReadResult oldReader = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
        log.truncateFullyAndStartAt(0);
        fill(1, 100);
        ReadResult secondReader = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
        // when: the new segment at offset 0 goes too
        log.truncateTo(0);
        log.truncateFullyAndStartAt(0);
        // then: both readers still see their own batches
        assertThat(TestBatches.recordOffsets(oldReader.slice().readAll())).isEqualTo(range(0, 6));
        assertThat(TestBatches.recordOffsets(secondReader.slice().readAll())).isEqualTo(range(0, 3));
        oldReader.close();
        secondReader.close();
        assertThat(LogDirs.files(dir, ".deleted")).isEmpty();
        fill(1, 100);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(0, 3));
    }

    @Test
    void truncate_fully_rejects_a_negative_offset() {
        // given
        open(dir);
        fill(1, 1);
        // when / then
        assertThatThrownBy(() -> log.truncateFullyAndStartAt(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
    }
}
