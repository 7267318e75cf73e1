package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    /** Two 3-record batches per segment. */
    private static final LogConfig SMALL = LogConfig.defaults().withSegmentBytes(1024).withRetentionMs(-1);

    @TempDir Path dir;
    @TempDir Path copies;

    private final AtomicLong clock = new AtomicLong(0);
    private PartitionLog log;

    private PartitionLog open(Path where, LogConfig config) {
        log = PartitionLog.open(where, config, clock::get);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /** Appends {@code batches} 3-record batches, batch i with timestamps from {@code 1000 * i}, term 1. */
    private void fill(int batches) {
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(batch(3, 1000L * i), 1);
        }
    }

    private List<Long> bases() {
        return LogDirs.segments(log.dir()).stream()
                .map(p -> Long.parseLong(p.getFileName().toString().substring(0, 20))).toList();
    }

    private long segmentSize(long base) {
        return LogDirs.sizes(log.dir()).get(LogDirs.segmentName(base));
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void retention_by_size_deletes_the_oldest_segments_while_the_log_stays_at_least_that_large() {
        // given: 5 segments of equal size
        open(dir, SMALL);
        fill(10);
        List<Long> bases = bases();
        assertThat(bases).hasSize(5);
        long segment = segmentSize(bases.get(0));
        log.reconfigure(SMALL.withRetentionBytes(3 * segment));
        // when
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(deleted).isEqualTo(2);
        assertThat(bases()).isEqualTo(bases.subList(2, 5));
        assertThat(log.logStartOffset()).isEqualTo(bases.get(2));
        assertThat(log.segmentCount()).isEqualTo(3);
        assertThat(log.sizeInBytes()).isEqualTo(3 * segment);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(bases.get(2), 30));
    }

    @Test
    void retention_by_size_keeps_a_segment_whose_removal_would_go_below_the_limit() {
        // given
        open(dir, SMALL);
        fill(10);
        long segment = segmentSize(0);
        log.reconfigure(SMALL.withRetentionBytes(3 * segment + 1));
        // when
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(deleted).isEqualTo(1);
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(3 * segment + 1);
    }

    @Test
    void retention_by_age_deletes_segments_whose_newest_record_is_older_than_retention_ms() {
        // given: segment k holds timestamps up to 1000 * (2k + 1) + 2
        open(dir, SMALL.withRetentionMs(5500));
        fill(10);
        List<Long> bases = bases();
        clock.set(10_000);
        // when: records older than 4500 may go
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(deleted).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(bases.get(2));
        assertThat(log.offsetForTimestamp(0, Long.MAX_VALUE)).isEqualTo(new TimestampLookup(bases.get(2), 4000));
    }

    @Test
    void retention_by_age_stops_at_the_first_segment_that_is_young_enough() {
        // given: segment 1 holds a recent record, segment 2 only old ones
        open(dir, SMALL.withRetentionMs(1000));
        log.appendAsLeader(batch(3, 0), 1);
        log.appendAsLeader(batch(3, 0), 1);
        log.appendAsLeader(batch(3, 50_000), 1);
        log.appendAsLeader(batch(3, 0), 1);
        log.appendAsLeader(batch(3, 0), 1);
        log.appendAsLeader(batch(3, 0), 1);
        log.appendAsLeader(batch(3, 0), 1);
        assertThat(bases()).hasSize(4);
        clock.set(50_500);
        // when
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(deleted).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(6);
    }

    @Test
    void the_age_limit_uses_the_clock_not_the_file_times() {
        // given
        open(dir, SMALL.withRetentionMs(5500));
        fill(10);
        // when: the clock has not moved past the records yet
        clock.set(5000);
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(deleted).isZero();
    }

    @Test
    void the_active_segment_is_never_deleted() {
        // given: limits that every segment exceeds
        open(dir, SMALL.withRetentionBytes(0).withRetentionMs(0));
        fill(10);
        List<Long> bases = bases();
        clock.set(1_000_000_000);
        // when
        int deleted = log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(deleted).isEqualTo(bases.size() - 1);
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(bases.get(bases.size() - 1));
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(24, 30));
        // and a second pass has nothing left to do
        assertThat(log.enforceRetention(Long.MAX_VALUE)).isZero();
    }

    @Test
    void a_segment_holding_an_offset_at_or_above_max_offset_is_not_deleted() {
        // given: segments [0..5] [6..11] [12..17] ...
        open(dir, SMALL.withRetentionBytes(0));
        fill(10);
        // when / then: a segment may go only if it ends at or below maxOffset
        assertThat(log.enforceRetention(5)).isZero();
        assertThat(log.enforceRetention(6)).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(6);
        assertThat(log.enforceRetention(11)).isZero();
        assertThat(log.enforceRetention(18)).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(18);
    }

    @Test
    void retention_never_deletes_what_is_not_flushed() {
        // given: everything below the active segment was sealed, so it is flushed
        open(dir, SMALL.withRetentionBytes(0));
        fill(10);
        long flushed = log.flushedOffset();
        // when
        log.enforceRetention(Long.MAX_VALUE);
        // then
        assertThat(log.logStartOffset()).isLessThanOrEqualTo(flushed);
    }

    @Test
    void no_limits_delete_nothing() {
        // given
        open(dir, SMALL.withRetentionBytes(-1).withRetentionMs(-1));
        fill(10);
        clock.set(Long.MAX_VALUE / 2);
        // when / then
        assertThat(log.enforceRetention(Long.MAX_VALUE)).isZero();
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void reads_below_the_new_start_are_out_of_range() {
        // given
        open(dir, SMALL.withRetentionBytes(0));
        fill(10);
        // when
        log.enforceRetention(12);
        // then
        for (long offset : new long[] {0, 5, 11}) {
            try (ReadResult r = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.OFFSET_OUT_OF_RANGE);
                assertThat(r.logStartOffset()).isEqualTo(12);
            }
        }
        try (ReadResult r = log.read(12, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
            assertThat(r.slice().firstOffset()).isEqualTo(12);
        }
    }

    @Test
    void the_term_index_starts_at_the_new_log_start() {
        // given: term 1 at [0..8], term 2 at [9..17], term 3 at [18..29]
        open(dir, SMALL.withRetentionBytes(0));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(3, 0), i < 3 ? 1 : i < 6 ? 2 : 3);
        }
        // when: segments [0..5] and [6..11] go
        log.enforceRetention(12);
        // then: the term before the start is remembered (Raft's log matching at the start needs it)
        assertThat(log.termAt(11)).isEqualTo(2);
        assertThat(log.termAt(10)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.termAt(12)).isEqualTo(2);
        assertThat(log.termAt(18)).isEqualTo(3);
        assertThat(log.endOffsetForTerm(1)).isEqualTo(TermOffset.UNKNOWN);
        assertThat(log.endOffsetForTerm(2)).isEqualTo(new TermOffset(2, 18));
        assertThat(log.lastTerm()).isEqualTo(3);
    }

    @Test
    void a_reader_holding_a_slice_of_a_deleted_segment_reads_it_fully_and_the_file_goes_when_it_closes() throws Exception {
        // given: a reader holds segment 0
        open(dir, SMALL.withRetentionBytes(0));
        fill(10);
        ReadResult held = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
        ByteBuffer expected = held.slice().readAll();
        // when
        log.enforceRetention(Long.MAX_VALUE);
        // then: the segment is gone from the log and its name, but its bytes are still there
        assertThat(LogDirs.segments(dir)).doesNotContain(dir.resolve(LogDirs.segmentName(0)));
        assertThat(LogDirs.files(dir, ".deleted")).hasSize(1);
        assertThat(held.slice().readAll()).isEqualTo(expected);
        Path target = copies.resolve("transferred");
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            long done = 0;
            while (done < held.slice().sizeInBytes()) {
                done += held.slice().transferTo(out, done, held.slice().sizeInBytes() - done);
            }
            ByteBuffer copied = ByteBuffer.allocate((int) out.size());
            out.read(copied, 0);
            assertThat(copied.flip()).isEqualTo(expected);
        }
        // and closing the slice removes the file
        held.close();
        assertThat(LogDirs.files(dir, ".deleted")).isEmpty();
    }

    @Test
    void retention_survives_a_clean_reopen_and_a_crash() {
        // given
        open(dir, SMALL.withRetentionBytes(0));
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(3, 0), 1 + i / 4);
        }
        log.enforceRetention(12);
        log.flush();
        ByteBuffer expected = TestBatches.readAll(log);
        Path crashed = LogDirs.crashCopy(dir, copies.resolve("crashed"));
        // when
        log.close();
        for (Path where : new Path[] {dir, crashed}) {
            open(where, SMALL);
            // then
            assertThat(log.logStartOffset()).isEqualTo(12);
            assertThat(log.logEndOffset()).isEqualTo(30);
            assertThat(TestBatches.readAll(log)).isEqualTo(expected);
            assertThat(log.termAt(12)).isEqualTo(2);
            assertThat(log.termAt(11)).isEqualTo(1);
            assertThat(log.termAt(10)).isEqualTo(PartitionLog.NO_TERM);
            assertThat(log.endOffsetForTerm(1)).isEqualTo(TermOffset.UNKNOWN);
            log.close();
        }
        log = null;
    }

    @Test
    void appends_and_truncation_work_after_retention() {
        // given
        open(dir, SMALL.withRetentionBytes(0));
        fill(10);
        log.enforceRetention(Long.MAX_VALUE);
        long start = log.logStartOffset();
        // when
        log.appendAsLeader(batch(2, 0), 2);
        long end = log.truncateTo(start + 4);
        // then
        assertThat(end).isEqualTo(start + 3);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).isEqualTo(range(start, start + 3));
    }
}
