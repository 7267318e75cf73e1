package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.InvalidBatchException;
import io.brook.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid input is rejected before it touches a file. */
class AppendValidationTest {

    private static final LogConfig CONFIG = LogConfig.defaults().withMaxBatchBytes(4096);

    @TempDir Path dir;

    private PartitionLog log;
    private ByteBuffer existing;
    private Map<String, Long> filesBefore;

    @BeforeEach
    void openWithData() {
        log = PartitionLog.open(dir, CONFIG, () -> 0L);
        log.appendAsLeader(batch(3, 1000), 1);
        log.appendAsLeader(batch(2, 2000), 1);
        existing = TestBatches.readAll(log);
        filesBefore = LogDirs.sizes(dir);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    /** A valid batch with {@code change} applied and, if {@code fixCrc}, its CRC made to match again. */
    private static ByteBuffer tampered(Consumer<ByteBuffer> change, boolean fixCrc) {
        ByteBuffer b = batch(3, 5000);
        change.accept(b);
        if (fixCrc) {
            TestBatches.fixCrc(b, 0);
        }
        return b;
    }

    private void assertRejected(ByteBuffer input, BatchError expected, long position) {
        // when / then
        assertThatThrownBy(() -> log.appendAsLeader(input, 1))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> {
                    assertThat(e.error()).isEqualTo(expected);
                    assertThat(e.position()).isEqualTo(position);
                });
        assertNothingWritten();
    }

    private void assertNothingWritten() {
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.sizeInBytes()).isEqualTo(LogDirs.SEGMENT_HEADER + existing.remaining());
        assertThat(LogDirs.sizes(dir)).isEqualTo(filesBefore);
        assertThat(TestBatches.readAll(log)).isEqualTo(existing);
        // and after a reopen
        log.close();
        log = PartitionLog.open(dir, CONFIG, () -> 0L);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(TestBatches.readAll(log)).isEqualTo(existing);
    }

    @Test
    void a_batch_with_a_bad_crc_is_rejected() {
        // given
        ByteBuffer bad = tampered(b -> b.put(b.limit() - 3, (byte) (b.get(b.limit() - 3) ^ 0x10)), false);
        // when / then
        assertRejected(bad, BatchError.BAD_CRC, 0);
    }

    @Test
    void a_batch_with_a_bad_magic_is_rejected() {
        // given
        ByteBuffer bad = tampered(b -> b.put(RecordBatch.MAGIC_OFFSET, (byte) 1), false);
        // when / then
        assertRejected(bad, BatchError.BAD_MAGIC, 0);
    }

    @Test
    void a_batch_with_an_impossible_length_is_rejected() {
        // given
        ByteBuffer bad = tampered(b -> b.putInt(RecordBatch.LENGTH_OFFSET, 10), false);
        // when / then
        assertRejected(bad, BatchError.BAD_LENGTH, 0);
    }

    @Test
    void a_negative_length_is_rejected() {
        // given
        ByteBuffer bad = tampered(b -> b.putInt(RecordBatch.LENGTH_OFFSET, -50), false);
        // when / then
        assertRejected(bad, BatchError.BAD_LENGTH, 0);
    }

    @Test
    void a_length_beyond_the_buffer_is_rejected_as_truncated() {
        // given
        ByteBuffer bad = tampered(b -> b.putInt(RecordBatch.LENGTH_OFFSET, b.getInt(RecordBatch.LENGTH_OFFSET) + 1), false);
        // when / then
        assertRejected(bad, BatchError.TRUNCATED, 0);
    }

    @Test
    void a_batch_larger_than_max_batch_bytes_is_rejected() {
        // given
        ByteBuffer big = batch(5, 0, 1000);
        assertThat(big.remaining()).isGreaterThan(CONFIG.maxBatchBytes());
        // when / then
        assertRejected(big, BatchError.TOO_LARGE, 0);
    }

    @Test
    void a_record_count_that_disagrees_with_the_last_offset_delta_is_rejected() {
        // given
        ByteBuffer bad = tampered(b -> b.putInt(RecordBatch.RECORD_COUNT_OFFSET, 5), true);
        // when / then
        assertRejected(bad, BatchError.BAD_RECORD_COUNT, 0);
    }

    @Test
    void a_record_count_larger_than_the_records_present_is_rejected_by_deep_validation() {
        // given: header fields agree with each other and the CRC, but only 3 records follow
        ByteBuffer bad = tampered(b -> {
            b.putInt(RecordBatch.RECORD_COUNT_OFFSET, 4);
            b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        }, true);
        // when / then
        assertRejected(bad, BatchError.BAD_RECORDS, 0);
    }

    @Test
    void unknown_attributes_are_rejected() {
        // given: codec id 7
        ByteBuffer bad = tampered(b -> b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 7), true);
        // when / then
        assertRejected(bad, BatchError.BAD_ATTRIBUTES, 0);
    }

    @Test
    void garbage_is_rejected() {
        // given
        byte[] noise = new byte[300];
        new Random(7).nextBytes(noise);
        // when / then
        assertThatThrownBy(() -> log.appendAsLeader(ByteBuffer.wrap(noise), 1)).isInstanceOf(InvalidBatchException.class);
        assertNothingWritten();
    }

    @Test
    void an_empty_buffer_is_rejected() {
        // given
        ByteBuffer empty = ByteBuffer.allocate(0);
        // when / then
        assertRejected(empty, BatchError.TRUNCATED, 0);
    }

    @Test
    void a_few_trailing_bytes_after_a_valid_batch_are_rejected() {
        // given
        ByteBuffer valid = batch(2, 0);
        ByteBuffer input = TestBatches.concat(valid, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
        // when / then
        assertRejected(input, BatchError.TRUNCATED, valid.remaining());
    }

    @Test
    void a_valid_batch_followed_by_a_bad_one_writes_nothing_and_leaves_the_buffer_unstamped() {
        // given
        ByteBuffer valid = batch(2, 0);
        ByteBuffer bad = tampered(b -> b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1)), false);
        ByteBuffer input = TestBatches.concat(valid, batch(1, 0), bad);
        ByteBuffer original = TestBatches.copy(input);
        int badAt = valid.remaining() + batch(1, 0).remaining();
        // when / then
        assertRejected(input, BatchError.BAD_CRC, badAt);
        assertThat(input).isEqualTo(original);
    }

    @Test
    void a_buffer_with_a_position_is_validated_and_appended_from_that_position() {
        // given: junk before position and after limit
        ByteBuffer valid = batch(2, 0);
        ByteBuffer buf = ByteBuffer.allocate(valid.remaining() + 20);
        buf.position(7);
        buf.put(valid.duplicate());
        buf.position(7).limit(7 + valid.remaining());
        // when
        AppendInfo info = log.appendAsLeader(buf, 1);
        // then
        assertThat(info.firstOffset()).isEqualTo(5);
        assertThat(info.sizeInBytes()).isEqualTo(valid.remaining());
        assertThat(TestBatches.recordOffsets(TestBatches.readFrom(log, 5))).containsExactly(5L, 6L);
    }

    @Test
    void a_malformed_record_section_is_accepted_when_deep_validation_is_off() {
        // given
        log.reconfigure(CONFIG.withDeepValidation(false));
        ByteBuffer shallowOnly = tampered(b -> {
            b.putInt(RecordBatch.RECORD_COUNT_OFFSET, 4);
            b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        }, true);
        // when
        AppendInfo info = log.appendAsLeader(shallowOnly, 1);
        // then
        assertThat(info.lastOffset()).isEqualTo(8);
    }
}
