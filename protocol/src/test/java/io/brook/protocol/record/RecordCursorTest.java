package io.brook.protocol.record;

import static io.brook.protocol.record.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordCursorTest {

    private static ByteBuffer singleRecordBatch(byte[] key, byte[] value) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(1L, key, value);
        return TestBytes.copy(builder.build());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void iterates_every_record_field_by_field(CompressionType codec) {
        // given
        BatchSpec spec = Samples.mixedSpec(codec);
        RecordCursor cursor = RecordBatch.of(spec.buildWithBrook()).records();
        // when / then
        for (Record expected : spec.records()) {
            assertThat(cursor.next()).isTrue();
            assertThat(cursor.offset()).isEqualTo(expected.offset());
            assertThat(cursor.timestamp()).isEqualTo(expected.timestamp());
            assertThat(cursor.keySize()).isEqualTo(expected.key() == null ? -1 : expected.key().length);
            assertThat(cursor.valueSize()).isEqualTo(expected.value() == null ? -1 : expected.value().length);
            assertThat(cursor.keyBytes()).isEqualTo(expected.key());
            assertThat(cursor.valueBytes()).isEqualTo(expected.value());
            assertThat(cursor.key()).isEqualTo(expected.key() == null ? null : ByteBuffer.wrap(expected.key()));
            assertThat(cursor.value()).isEqualTo(expected.value() == null ? null : ByteBuffer.wrap(expected.value()));
            assertThat(cursor.headerCount()).isEqualTo(expected.headers().length);
            assertThat(cursor.headers()).containsExactly(expected.headers());
            assertThat(cursor.toRecord()).isEqualTo(expected);
        }
        assertThat(cursor.next()).isFalse();
        assertThat(cursor.next()).as("stays exhausted").isFalse();
    }

    @Test
    void key_and_value_are_read_only_views_of_the_batch_bytes() {
        // given
        ByteBuffer bytes = singleRecordBatch(utf8("key"), utf8("value"));
        RecordCursor cursor = RecordBatch.of(bytes).records();
        cursor.next();
        ByteBuffer key = cursor.key();
        ByteBuffer value = cursor.value();
        // when: the batch bytes change underneath the views
        int keyAt = indexOf(bytes, utf8("key"));
        int valueAt = indexOf(bytes, utf8("value"));
        bytes.put(keyAt, (byte) 'K');
        bytes.put(valueAt, (byte) 'V');
        // then
        assertThat(key.isReadOnly()).isTrue();
        assertThat(value.isReadOnly()).isTrue();
        assertThat(key.get(0)).isEqualTo((byte) 'K');
        assertThat(value.get(0)).isEqualTo((byte) 'V');
        assertThatThrownBy(() -> key.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void key_bytes_and_value_bytes_are_copies() {
        // given
        ByteBuffer bytes = singleRecordBatch(utf8("key"), utf8("value"));
        RecordCursor cursor = RecordBatch.of(bytes).records();
        cursor.next();
        byte[] key = cursor.keyBytes();
        byte[] value = cursor.valueBytes();
        // when: both the batch and the copies change
        bytes.put(indexOf(bytes, utf8("key")), (byte) 'K');
        value[0] = 'X';
        // then
        assertThat(key).isEqualTo(utf8("key"));
        assertThat(cursor.valueBytes()).isEqualTo(utf8("value"));
        assertThat(cursor.keyBytes()).isEqualTo(utf8("Key"));
        assertThat(cursor.keyBytes()).isNotSameAs(cursor.keyBytes());
    }

    @Test
    void views_of_a_compressed_batch_are_read_only_and_carry_the_right_bytes() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.ZSTD, 0);
        builder.append(1L, utf8("key"), utf8("value"));
        RecordCursor cursor = RecordBatch.of(builder.build()).records();
        // when
        cursor.next();
        // then
        assertThat(cursor.key().isReadOnly()).isTrue();
        assertThat(cursor.key()).isEqualTo(ByteBuffer.wrap(utf8("key")));
        assertThat(cursor.value()).isEqualTo(ByteBuffer.wrap(utf8("value")));
    }

    @Test
    void null_key_and_null_value_are_null_and_empty_ones_are_empty() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(1L, null, null);
        builder.append(2L, new byte[0], new byte[0]);
        RecordCursor cursor = RecordBatch.of(builder.build()).records();
        // when
        cursor.next();
        // then
        assertThat(cursor.key()).isNull();
        assertThat(cursor.value()).isNull();
        assertThat(cursor.keyBytes()).isNull();
        assertThat(cursor.valueBytes()).isNull();
        assertThat(cursor.keySize()).isEqualTo(-1);
        assertThat(cursor.valueSize()).isEqualTo(-1);
        assertThat(cursor.headers()).isEmpty();
        // when
        cursor.next();
        // then
        assertThat(cursor.key().remaining()).isZero();
        assertThat(cursor.value().remaining()).isZero();
        assertThat(cursor.keyBytes()).isEmpty();
        assertThat(cursor.valueBytes()).isEmpty();
    }

    @Test
    void one_cursor_is_reusable_across_batches_of_different_codecs() {
        // given
        RecordCursor cursor = new RecordCursor();
        List<Record> seen = new ArrayList<>();
        List<Record> expected = new ArrayList<>();
        // when
        for (CompressionType codec : List.of(CompressionType.GZIP, CompressionType.NONE, CompressionType.LZ4,
                CompressionType.ZSTD, CompressionType.SNAPPY, CompressionType.GZIP)) {
            BatchSpec spec = Samples.mixedSpec(codec);
            expected.addAll(spec.records());
            cursor.reset(RecordBatch.of(spec.buildWithBrook()));
            while (cursor.next()) {
                seen.add(cursor.toRecord());
            }
        }
        // then
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void reads_a_batch_that_starts_inside_a_larger_buffer() {
        // given: two batches back to back after some unrelated bytes
        ByteBuffer first = Samples.mixedSpec(CompressionType.SNAPPY).buildWithBrook();
        ByteBuffer second = BatchSpec.of(CompressionType.NONE, 99, Samples.mixed(99)).buildWithBrook();
        ByteBuffer log = ByteBuffer.allocate(7 + first.remaining() + second.remaining());
        log.put(new byte[7]).put(first.duplicate()).put(second.duplicate()).flip();
        RecordBatch view = new RecordBatch();
        // when
        view.wrap(log, 7);
        List<Record> fromFirst = drain(view.records());
        int secondStart = 7 + view.sizeInBytes();
        BatchError secondValid = RecordBatch.validate(log, secondStart, log.limit(), Integer.MAX_VALUE, true);
        view.wrap(log, secondStart);
        List<Record> fromSecond = drain(view.records());
        // then
        assertThat(fromFirst).containsExactlyElementsOf(Samples.mixed(5_000));
        assertThat(secondValid).isEqualTo(BatchError.NONE);
        assertThat(fromSecond).containsExactlyElementsOf(Samples.mixed(99));
        assertThat(log.position()).as("reading moves no buffer position").isZero();
    }

    @Test
    void decompressed_size_above_the_cap_is_rejected() {
        // given: 1 MB of zeros compresses to almost nothing
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.GZIP, 0);
        builder.append(1L, null, new byte[1 << 20]);
        RecordBatch batch = RecordBatch.of(builder.build());
        RecordCursor cursor = new RecordCursor(64 * 1024);
        // when / then
        assertThatThrownBy(() -> cursor.reset(batch))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.error()).isEqualTo(BatchError.BAD_RECORDS));
    }

    @Test
    void unknown_codec_is_rejected_on_reset() {
        // given
        ByteBuffer bytes = RawBatches.batch(6, 0, 1, RawBatches.record(0, 0, null, null));
        // when / then
        assertThatThrownBy(() -> RecordBatch.of(bytes).records())
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.error()).isEqualTo(BatchError.BAD_ATTRIBUTES));
    }

    @Test
    void malformed_record_raises_bad_records_on_next() {
        // given: the second record claims more bytes than the section holds
        byte[] good = RawBatches.record(0, 0, utf8("k"), utf8("v"));
        byte[] cut = RawBatches.record(1, 0, utf8("k"), utf8("a longer value"));
        byte[] section = RawBatches.concat(good, Arrays.copyOf(cut, cut.length - 3));
        RecordCursor cursor = RecordBatch.of(RawBatches.batch(0, 1, 2, section)).records();
        // when
        boolean first = cursor.next();
        // then
        assertThat(first).isTrue();
        assertThatThrownBy(cursor::next)
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> {
                    assertThat(e.error()).isEqualTo(BatchError.BAD_RECORDS);
                    assertThat(e.position()).isZero();
                });
    }

    @Test
    void garbage_in_a_compressed_section_raises_bad_records() {
        // given: a gzip section that is not gzip
        ByteBuffer bytes = RawBatches.batch(CompressionType.GZIP.id(), 0, 1, utf8("definitely not gzip"));
        // when / then
        assertThatThrownBy(() -> RecordBatch.of(bytes).records())
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.error()).isEqualTo(BatchError.BAD_RECORDS));
    }

    @Test
    void log_append_time_with_a_negative_max_timestamp_still_overrides_record_timestamps() {
        // given: a batch whose broker clock stamp is negative (Kafka's NO_TIMESTAMP is -1)
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0).timestampType(TimestampType.LOG_APPEND_TIME);
        builder.append(-10L, null, null);
        builder.append(-1L, null, null);
        builder.append(-20L, null, null);
        // when
        List<Record> records = TestBytes.readAll(builder.build());
        // then
        assertThat(records).extracting(Record::timestamp).containsExactly(-1L, -1L, -1L);
    }

    private static List<Record> drain(RecordCursor cursor) {
        List<Record> out = new ArrayList<>();
        while (cursor.next()) {
            out.add(cursor.toRecord());
        }
        return out;
    }

    private static int indexOf(ByteBuffer haystack, byte[] needle) {
        outer:
        for (int i = haystack.position(); i <= haystack.limit() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
