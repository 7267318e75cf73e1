package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorruptionTest {

    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(2048).withIndexIntervalBytes(128);

    @TempDir Path dir;
    @TempDir Path copies;

    private PartitionLog log;

    private PartitionLog open(Path where, LogConfig config) {
        log = PartitionLog.open(where, config, () -> 0L);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /**
     * Writes about six segments into {@link #dir} and returns the directory to corrupt: {@link #dir}
     * after a clean close, or a copy taken after a flush while the log was open.
     */
    private Path writeLog(LogConfig config, boolean cleanShutdown) {
        open(dir, config);
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch(1 + i % 3, 1000L * i), 1 + i / 20);
        }
        assertThat(log.segmentCount()).isGreaterThan(4);
        log.flush();
        Path where = cleanShutdown ? dir : LogDirs.crashCopy(dir, copies.resolve("crashed"));
        log.close();
        log = null;
        return where;
    }

    private static Path segment(Path where, int index) {
        return LogDirs.segments(where).get(index);
    }

    private static int lastBatchPosition(Path segment) {
        List<Integer> positions = LogDirs.batchPositions(segment);
        return positions.get(positions.size() - 1);
    }

    @ParameterizedTest(name = "clean shutdown {0}, index interval {1}")
    @CsvSource({"true, 128", "false, 128", "true, 2147483647", "false, 2147483647"})
    void a_flipped_byte_in_a_sealed_segment_fails_the_open_naming_the_file_and_position(boolean clean, int indexInterval) {
        // given: a byte flipped inside the last batch of the first segment
        LogConfig config = CONFIG.withIndexIntervalBytes(indexInterval);
        Path where = writeLog(config, clean);
        Path sealed = segment(where, 0);
        int batchAt = lastBatchPosition(sealed);
        LogDirs.flipByte(sealed, batchAt + RecordBatch.RECORDS_OFFSET + 3);
        Map<String, ByteBuffer> before = LogDirs.contents(where);
        // when / then
        assertThatThrownBy(() -> open(where, config))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(sealed);
                    assertThat(e.position()).isEqualTo(batchAt);
                    assertThat(e.getMessage()).contains(sealed.getFileName().toString());
                });
        // and nothing on disk was deleted, cut or rewritten
        assertThat(LogDirs.contents(where)).isEqualTo(before);
    }

    @Test
    void a_flipped_byte_in_the_first_batch_of_an_unindexed_sealed_segment_fails_the_open() {
        // given
        LogConfig unindexed = CONFIG.withIndexIntervalBytes(Integer.MAX_VALUE);
        Path where = writeLog(unindexed, false);
        Path sealed = segment(where, 1);
        LogDirs.flipByte(sealed, LogDirs.SEGMENT_HEADER + RecordBatch.RECORDS_OFFSET + 1);
        Map<String, Long> before = LogDirs.sizes(where);
        // when / then
        assertThatThrownBy(() -> open(where, unindexed))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(sealed);
                    assertThat(e.position()).isEqualTo(LogDirs.SEGMENT_HEADER);
                });
        assertThat(LogDirs.sizes(where)).isEqualTo(before);
    }

    @Test
    void opening_a_corrupt_log_again_fails_the_same_way() {
        // given
        Path where = writeLog(CONFIG, true);
        Path sealed = segment(where, 2);
        int batchAt = lastBatchPosition(sealed);
        LogDirs.flipByte(sealed, batchAt + RecordBatch.RECORDS_OFFSET);
        assertThatThrownBy(() -> open(where, CONFIG)).isInstanceOf(CorruptSegmentException.class);
        // when / then
        assertThatThrownBy(() -> open(where, CONFIG))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(sealed);
                    assertThat(e.position()).isEqualTo(batchAt);
                });
    }

    @Test
    void a_corrupt_partition_does_not_affect_another() {
        // given: one corrupt log directory next to a healthy one
        Path corrupt = writeLog(CONFIG, true);
        LogDirs.flipByte(segment(corrupt, 0), lastBatchPosition(segment(corrupt, 0)) + RecordBatch.RECORDS_OFFSET);
        Path healthy = copies.resolve("healthy");
        open(healthy, CONFIG);
        log.appendAsLeader(batch(3, 0), 1);
        log.close();
        // when
        assertThatThrownBy(() -> open(corrupt, CONFIG)).isInstanceOf(CorruptSegmentException.class);
        open(healthy, CONFIG);
        // then
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).containsExactly(0L, 1L, 2L);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void a_missing_segment_between_sealed_segments_fails_the_open(boolean clean) {
        // given
        Path where = writeLog(CONFIG, clean);
        Path missing = segment(where, 2);
        Path next = segment(where, 3);
        LogDirs.delete(missing);
        Map<String, Long> segmentsBefore = segmentSizes(where);
        // when / then
        assertThatThrownBy(() -> open(where, CONFIG))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(next);
                    assertThat(e.position()).isZero();
                });
        assertThat(segmentSizes(where)).isEqualTo(segmentsBefore);
    }

    private static Map<String, Long> segmentSizes(Path where) {
        Map<String, Long> sizes = LogDirs.sizes(where);
        sizes.keySet().removeIf(name -> !name.endsWith(".log"));
        return sizes;
    }

    @Test
    void a_bad_header_of_a_sealed_segment_fails_the_open() {
        // given
        Path where = writeLog(CONFIG, false);
        Path sealed = segment(where, 1);
        LogDirs.flipByte(sealed, 0);
        // when / then
        assertThatThrownBy(() -> open(where, CONFIG))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(sealed);
                    assertThat(e.position()).isZero();
                });
    }

    @Test
    void a_torn_last_batch_of_the_active_segment_is_cut_off_and_everything_before_it_kept() {
        // given: the machine stopped half way through writing the last batch
        open(dir, CONFIG);
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch(2, i), 1);
        }
        log.flush();
        ByteBuffer all = TestBatches.readAll(log);
        Path crashed = LogDirs.crashCopy(dir, copies.resolve("crashed"));
        log.close();
        Path active = segment(crashed, LogDirs.segments(crashed).size() - 1);
        int lastAt = lastBatchPosition(active);
        long lastBase = LogDirs.baseOffsetAt(active, lastAt);
        LogDirs.truncate(active, lastAt + 30);
        // when
        open(crashed, CONFIG);
        // then
        assertThat(log.logEndOffset()).isEqualTo(lastBase);
        assertThat(LogDirs.sizes(crashed).get(active.getFileName().toString())).isEqualTo(lastAt);
        assertThat(TestBatches.readAll(log)).isEqualTo(all.limit(sizeBefore(all, lastBase)));
        // and appends continue where the log now ends
        assertThat(log.appendAsLeader(batch(1, 0), 1).firstOffset()).isEqualTo(lastBase);
    }

    /** Bytes of the batches below {@code offset} in {@code all}. */
    private static int sizeBefore(ByteBuffer all, long offset) {
        int size = 0;
        for (RecordBatch b : TestBatches.parse(all)) {
            if (b.baseOffset() >= offset) {
                break;
            }
            size += b.sizeInBytes();
        }
        return size;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void garbage_after_the_last_batch_of_the_active_segment_is_cut_off(boolean clean) {
        // given
        Path where = writeLog(CONFIG, clean);
        open(where, CONFIG);
        ByteBuffer all = TestBatches.readAll(log);
        long end = log.logEndOffset();
        log.close();
        Path active = segment(where, LogDirs.segments(where).size() - 1);
        long size = LogDirs.sizes(where).get(active.getFileName().toString());
        LogDirs.appendBytes(active, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5});
        // when
        open(where, CONFIG);
        // then
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(TestBatches.readAll(log)).isEqualTo(all);
        assertThat(LogDirs.sizes(where).get(active.getFileName().toString())).isEqualTo(size);
    }

    @Test
    void a_corrupt_batch_in_the_middle_of_the_active_segment_ends_the_log_there() {
        // given
        Path where = writeLog(CONFIG, false);
        Path active = segment(where, LogDirs.segments(where).size() - 1);
        List<Integer> positions = LogDirs.batchPositions(active);
        assertThat(positions).hasSizeGreaterThan(2);
        int badAt = positions.get(1);
        long badBase = LogDirs.baseOffsetAt(active, badAt);
        LogDirs.flipByte(active, badAt + RecordBatch.RECORDS_OFFSET + 2);
        // when
        open(where, CONFIG);
        // then
        assertThat(log.logEndOffset()).isEqualTo(badBase);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).hasSize((int) badBase);
        assertThat(log.termAt(badBase - 1)).isEqualTo(3);
        assertThat(LogDirs.sizes(where).get(active.getFileName().toString())).isEqualTo(badAt);
    }

    @Test
    void an_unusable_active_segment_after_a_crash_is_dropped_and_the_sealed_ones_kept() {
        // given
        Path where = writeLog(CONFIG, false);
        List<Path> segments = LogDirs.segments(where);
        Path active = segments.get(segments.size() - 1);
        long activeBase = Long.parseLong(active.getFileName().toString().substring(0, 20));
        LogDirs.flipByte(active, 0);
        // when
        open(where, CONFIG);
        // then
        assertThat(log.logEndOffset()).isEqualTo(activeBase);
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).hasSize((int) activeBase);
        assertThat(log.appendAsLeader(batch(1, 0), 3).firstOffset()).isEqualTo(activeBase);
    }

    @Test
    void a_batch_larger_than_the_recovery_read_buffer_is_recovered_and_checked() {
        // given: a 1.5 MiB batch in the active segment of a crashed log
        LogConfig config = CONFIG.withSegmentBytes(8 * 1024 * 1024);
        open(dir, config);
        log.appendAsLeader(batch(1, 0), 1);
        log.appendAsLeader(batch(3, 0, 500 * 1024), 1);
        log.appendAsLeader(batch(1, 0), 1);
        log.flush();
        ByteBuffer all = TestBatches.readAll(log);
        Path intact = LogDirs.crashCopy(dir, copies.resolve("intact"));
        Path corrupt = LogDirs.crashCopy(dir, copies.resolve("corrupt"));
        log.close();
        Path corruptSegment = segment(corrupt, 0);
        int bigAt = LogDirs.batchPositions(corruptSegment).get(1);
        LogDirs.flipByte(corruptSegment, bigAt + 1_200_000);
        // when
        open(intact, config);
        ByteBuffer recovered = TestBatches.readAll(log);
        log.close();
        open(corrupt, config);
        // then
        assertThat(recovered).isEqualTo(all);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }
}
