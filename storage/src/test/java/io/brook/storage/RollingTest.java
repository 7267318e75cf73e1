package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollingTest {

    private static final LogConfig SMALL = LogConfig.defaults().withSegmentBytes(1024);

    @TempDir Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private PartitionLog log;

    private PartitionLog open(LogConfig config) {
        log = PartitionLog.open(dir, config, clock::get);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void a_segment_never_grows_past_segment_bytes() {
        // given
        open(SMALL);
        // when: batches of varying sizes
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch(1 + i % 4, i, 20 + 7 * (i % 5)), 1);
        }
        // then
        Map<String, Long> sizes = LogDirs.sizes(dir);
        List<Long> segmentSizes = sizes.entrySet().stream().filter(e -> e.getKey().endsWith(".log")).map(Map.Entry::getValue).toList();
        assertThat(segmentSizes).hasSize(log.segmentCount()).hasSizeGreaterThan(3);
        assertThat(segmentSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1024L));
        assertThat(segmentSizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(log.sizeInBytes());
    }

    @Test
    void a_segment_is_filled_up_to_segment_bytes_before_rolling() {
        // given: batches whose size divides the room after the header
        open(SMALL);
        int size = log.appendAsLeader(batch(1, 0, 10), 1).sizeInBytes();
        int perSegment = (1024 - LogDirs.SEGMENT_HEADER) / size;
        // when
        for (int i = 1; i < perSegment; i++) {
            log.appendAsLeader(batch(1, i, 10), 1);
        }
        // then: still one segment until the next batch would not fit
        assertThat(log.segmentCount()).isEqualTo(1);
        log.appendAsLeader(batch(1, 99, 10), 1);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(LogDirs.sizes(dir).get(LogDirs.segmentName(0))).isEqualTo(LogDirs.SEGMENT_HEADER + (long) perSegment * size);
    }

    @Test
    void a_single_append_larger_than_segment_bytes_gets_a_segment_of_its_own() {
        // given
        open(SMALL);
        log.appendAsLeader(batch(1, 0, 10), 1);
        // when
        AppendInfo big = log.appendAsLeader(batch(3, 1, 1000), 1);
        AppendInfo small = log.appendAsLeader(batch(1, 2, 10), 1);
        // then
        assertThat(log.segmentCount()).isEqualTo(3);
        assertThat(LogDirs.sizes(dir).get(LogDirs.segmentName(big.firstOffset())))
                .isEqualTo(LogDirs.SEGMENT_HEADER + (long) big.sizeInBytes()).isGreaterThan(1024L);
        assertThat(LogDirs.sizes(dir)).containsKey(LogDirs.segmentName(small.firstOffset()));
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void an_empty_segment_is_not_rolled_even_when_too_small_or_too_old() {
        // given: a fresh log whose single segment is long past segment.ms
        open(SMALL.withSegmentMs(1000));
        clock.addAndGet(1_000_000);
        // when: the first append is larger than a segment
        log.appendAsLeader(batch(2, 0, 1500), 1);
        // then
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(LogDirs.segments(dir)).hasSize(1);
    }

    @Test
    void a_segment_rolls_segment_ms_after_its_first_append() {
        // given
        clock.set(5000);
        open(LogConfig.defaults().withSegmentMs(1000));
        log.appendAsLeader(batch(1, 0), 1);
        // when / then: still young
        clock.set(5999);
        log.appendAsLeader(batch(1, 1), 1);
        assertThat(log.segmentCount()).isEqualTo(1);
        // old: the append goes to a new segment, whose age starts with it
        clock.set(6000);
        AppendInfo rolled = log.appendAsLeader(batch(1, 2), 1);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(LogDirs.sizes(dir)).containsKey(LogDirs.segmentName(rolled.firstOffset()));
        clock.set(6999);
        log.appendAsLeader(batch(1, 3), 1);
        assertThat(log.segmentCount()).isEqualTo(2);
        clock.set(7000);
        log.appendAsLeader(batch(1, 4), 1);
        assertThat(log.segmentCount()).isEqualTo(3);
    }

    @Test
    void the_age_of_a_fresh_segment_starts_with_its_first_append_not_with_opening() {
        // given: a log opened at 0 that stays idle for a long time
        clock.set(0);
        open(LogConfig.defaults().withSegmentMs(1000));
        clock.set(50_000);
        log.appendAsLeader(batch(1, 0), 1);
        // when
        clock.set(50_999);
        log.appendAsLeader(batch(1, 1), 1);
        // then: the segment is 999 ms old, not 50 s
        assertThat(log.segmentCount()).isEqualTo(1);
    }

    @Test
    void a_segment_from_an_earlier_process_made_active_by_truncation_ages_from_its_opening() {
        // given: three segments written by an earlier process, reopened
        LogConfig config = SMALL.withSegmentMs(60_000);
        open(config);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(2, i, 50), 1);
        }
        assertThat(log.segmentCount()).isGreaterThan(2);
        log.close();
        open(config);
        // when: truncating into the first segment, then appending right away
        long end = log.truncateTo(3);
        log.appendAsLeader(batch(1, 100, 10), 1);
        // then: the segment is young (opened just now), so it takes the append
        assertThat(end).isEqualTo(2);
        assertThat(log.segmentCount()).isEqualTo(1);
        // and it rolls once segment.ms has passed since the log was opened
        clock.addAndGet(60_000);
        log.appendAsLeader(batch(1, 101, 10), 1);
        assertThat(log.segmentCount()).isEqualTo(2);
    }

    @Test
    void rolling_makes_the_sealed_segment_durable() {
        // given
        open(SMALL);
        long sealedEnd = 0;
        // when
        while (log.segmentCount() == 1) {
            sealedEnd = log.logEndOffset();
            log.appendAsLeader(batch(2, 0, 50), 1);
        }
        // then
        assertThat(log.flushedOffset()).isGreaterThanOrEqualTo(sealedEnd);
    }

    @Test
    void reconfigure_applies_a_new_segment_size_from_the_next_append() {
        // given
        open(LogConfig.defaults());
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(2, i, 50), 1);
        }
        assertThat(log.segmentCount()).isEqualTo(1);
        // when
        log.reconfigure(SMALL);
        log.appendAsLeader(batch(2, 20, 50), 1);
        // then
        assertThat(log.config()).isEqualTo(SMALL);
        assertThat(log.segmentCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 4096, Integer.MAX_VALUE})
    void every_offset_is_found_whatever_the_index_interval(int indexIntervalBytes) {
        // given: batches of 1..5 records over several segments
        LogConfig config = LogConfig.defaults().withSegmentBytes(4096).withIndexIntervalBytes(indexIntervalBytes);
        open(config);
        List<long[]> batches = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            AppendInfo info = log.appendAsLeader(batch(1 + i % 5, i, 30), 1);
            batches.add(new long[] {info.firstOffset(), info.lastOffset()});
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        // when / then: before and after a reopen (indexes from memory, then from files)
        assertEveryOffsetFound(batches);
        log.close();
        open(config);
        assertEveryOffsetFound(batches);
    }

    private void assertEveryOffsetFound(List<long[]> batches) {
        for (long[] b : batches) {
            for (long offset = b[0]; offset <= b[1]; offset++) {
                try (ReadResult r = log.read(offset, 1, Long.MAX_VALUE)) {
                    assertThat(r.status()).as("offset %d", offset).isEqualTo(ReadResult.Status.OK);
                    assertThat(r.slice().firstOffset()).as("offset %d", offset).isEqualTo(b[0]);
                    assertThat(r.slice().lastOffset()).as("offset %d", offset).isEqualTo(b[1]);
                    assertThat(TestBatches.baseOffsets(r.slice().readAll())).containsExactly(b[0]);
                }
            }
        }
    }
}
