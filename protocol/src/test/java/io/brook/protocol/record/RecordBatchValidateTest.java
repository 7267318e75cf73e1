package io.brook.protocol.record;

import static io.brook.protocol.record.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordBatchValidateTest {

    private static ByteBuffer validBatch() {
        return Samples.mixedSpec(CompressionType.NONE).buildWithBrook();
    }

    private static BatchError validate(ByteBuffer buf, int limit) {
        return RecordBatch.validate(buf, 0, limit, Integer.MAX_VALUE, true);
    }

    /** Three well-formed records with offset deltas 0, 1, 2. */
    private static byte[] threeRecords() {
        return RawBatches.concat(
                RawBatches.record(0, 0, utf8("a"), utf8("1")),
                RawBatches.record(1, 5, null, utf8("2"), Header.of("h", "v")),
                RawBatches.record(2, -5, utf8("c"), null));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void valid_batches_of_every_codec_validate_to_none(CompressionType codec) {
        // given
        ByteBuffer batch = Samples.mixedSpec(codec).buildWithBrook();
        // when
        BatchError deep = RecordBatch.validate(batch, 0, batch.limit(), batch.limit(), true);
        BatchError shallow = RecordBatch.validate(batch, 0, batch.limit(), batch.limit(), false);
        // then
        assertThat(deep).isEqualTo(BatchError.NONE);
        assertThat(shallow).isEqualTo(BatchError.NONE);
    }

    @Test
    void hand_made_records_validate_to_none() {
        // given: the reference encoder agrees with the validator
        ByteBuffer batch = RawBatches.batch(0, 2, 3, threeRecords());
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.NONE);
        assertThat(TestBytes.readAll(batch)).hasSize(3);
    }

    @Test
    void validation_moves_no_buffer_position_and_checks_only_start_to_limit() {
        // given: a valid batch between junk bytes
        ByteBuffer batch = validBatch();
        ByteBuffer buf = ByteBuffer.allocate(batch.remaining() + 20);
        buf.position(10);
        buf.put(batch.duplicate());
        buf.position(3).limit(buf.capacity() - 2);
        // when
        BatchError error = RecordBatch.validate(buf, 10, 10 + batch.remaining(), Integer.MAX_VALUE, true);
        // then
        assertThat(error).isEqualTo(BatchError.NONE);
        assertThat(buf.position()).isEqualTo(3);
        assertThat(buf.limit()).isEqualTo(buf.capacity() - 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 11})
    void fewer_bytes_than_the_log_overhead_are_truncated(int available) {
        // given
        ByteBuffer batch = validBatch();
        // when / then
        assertThat(validate(batch, available)).isEqualTo(BatchError.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 30, 60})
    void a_partial_header_is_truncated(int available) {
        // given
        ByteBuffer batch = validBatch();
        // when / then
        assertThat(validate(batch, available)).isEqualTo(BatchError.TRUNCATED);
    }

    @Test
    void a_missing_tail_is_truncated() {
        // given
        ByteBuffer batch = validBatch();
        // when / then
        assertThat(validate(batch, batch.limit() - 1)).isEqualTo(BatchError.TRUNCATED);
        assertThat(validate(batch, RecordBatch.HEADER_SIZE)).isEqualTo(BatchError.TRUNCATED);
    }

    @Test
    void a_length_field_announcing_more_than_present_is_truncated() {
        // given
        ByteBuffer batch = validBatch();
        batch.putInt(RecordBatch.LENGTH_OFFSET, batch.getInt(RecordBatch.LENGTH_OFFSET) + 1);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD - 1})
    void a_length_below_the_header_size_is_bad(int length) {
        // given
        ByteBuffer batch = validBatch();
        batch.putInt(RecordBatch.LENGTH_OFFSET, length);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_LENGTH);
    }

    @Test
    void a_header_only_length_is_not_bad_length() {
        // given: 49 is the smallest legal length; such a batch has no room for records
        ByteBuffer batch = RawBatches.batch(0, 0, 1, new byte[0]);
        // when / then
        assertThat(batch.getInt(RecordBatch.LENGTH_OFFSET)).isEqualTo(RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD);
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void a_batch_above_the_maximum_size_is_too_large() {
        // given
        ByteBuffer batch = validBatch();
        int size = batch.remaining();
        // when / then
        assertThat(RecordBatch.validate(batch, 0, size, size - 1, true)).isEqualTo(BatchError.TOO_LARGE);
        assertThat(RecordBatch.validate(batch, 0, size, size, true)).isEqualTo(BatchError.NONE);
    }

    @Test
    void a_huge_length_is_too_large_before_it_is_truncated() {
        // given: the length field alone tells the reader to give up, without waiting for bytes
        ByteBuffer batch = validBatch();
        batch.putInt(RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE);
        // when / then
        assertThat(RecordBatch.validate(batch, 0, 20, 1 << 20, true)).isEqualTo(BatchError.TOO_LARGE);
        assertThat(RecordBatch.validate(batch, 0, batch.limit(), Integer.MAX_VALUE, true))
                .as("no int overflow at the maximum").isEqualTo(BatchError.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 1, 3, -1, 127})
    void a_magic_other_than_two_is_bad(byte magic) {
        // given
        ByteBuffer batch = validBatch();
        batch.put(RecordBatch.MAGIC_OFFSET, magic);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_MAGIC);
    }

    @Test
    void a_flipped_bit_anywhere_under_the_crc_is_detected() {
        // given
        ByteBuffer original = validBatch();
        for (int i = RecordBatch.ATTRIBUTES_OFFSET; i < original.limit(); i++) {
            ByteBuffer batch = TestBytes.copy(original);
            // when
            batch.put(i, (byte) (batch.get(i) ^ 0x10));
            // then: header fields that validateHeader checks may be reported first; all else is BAD_CRC
            BatchError error = validate(batch, batch.limit());
            if (isCheckedHeaderField(i)) {
                assertThat(error).as("flip at %d", i).isIn(BatchError.BAD_CRC, BatchError.BAD_ATTRIBUTES, BatchError.BAD_RECORD_COUNT);
            } else {
                assertThat(error).as("flip at %d", i).isEqualTo(BatchError.BAD_CRC);
            }
        }
    }

    private static boolean isCheckedHeaderField(int index) {
        return (index >= RecordBatch.ATTRIBUTES_OFFSET && index < RecordBatch.BASE_TIMESTAMP_OFFSET)
                || (index >= RecordBatch.RECORD_COUNT_OFFSET && index < RecordBatch.RECORDS_OFFSET);
    }

    @Test
    void a_flipped_bit_in_the_records_is_bad_crc() {
        // given
        ByteBuffer batch = validBatch();
        int at = RecordBatch.RECORDS_OFFSET + 5;
        // when
        batch.put(at, (byte) (batch.get(at) ^ 0x01));
        // then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_CRC);
        assertThat(RecordBatch.validate(batch, 0, batch.limit(), Integer.MAX_VALUE, false)).isEqualTo(BatchError.BAD_CRC);
    }

    @Test
    void validate_header_accepts_a_sound_header_without_reading_the_crc_or_records() {
        // given: a damaged record byte, which only the CRC would reveal
        ByteBuffer batch = validBatch();
        batch.put(batch.limit() - 1, (byte) (batch.get(batch.limit() - 1) ^ 0x01));
        // when
        BatchError header = RecordBatch.validateHeader(batch, 0, batch.limit(), Integer.MAX_VALUE);
        // then
        assertThat(header).isEqualTo(BatchError.NONE);
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_CRC);
    }

    @Test
    void validate_header_needs_only_the_header_bytes_in_the_buffer() {
        // given: only the first 61 bytes are in memory, the rest is (say) still in a file
        ByteBuffer full = validBatch();
        ByteBuffer headerOnly = TestBytes.copy(full.duplicate().limit(RecordBatch.HEADER_SIZE));
        // when
        BatchError enough = RecordBatch.validateHeader(headerOnly, 0, full.limit(), Integer.MAX_VALUE);
        BatchError tooFew = RecordBatch.validateHeader(headerOnly, 0, full.limit() - 1L, Integer.MAX_VALUE);
        // then
        assertThat(enough).isEqualTo(BatchError.NONE);
        assertThat(tooFew).isEqualTo(BatchError.TRUNCATED);
    }

    @Test
    void a_wrong_stored_crc_is_bad_crc() {
        // given
        ByteBuffer batch = validBatch();
        batch.put(RecordBatch.CRC_OFFSET + 3, (byte) (batch.get(RecordBatch.CRC_OFFSET + 3) ^ 1));
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_CRC);
        assertThat(RecordBatch.of(batch).isCrcValid()).isFalse();
    }

    @Test
    void fields_outside_the_crc_can_change_without_breaking_it() {
        // given
        ByteBuffer batch = validBatch();
        // when: base offset and leader epoch are rewritten by the leader on append
        batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, -123L);
        batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, Integer.MIN_VALUE);
        // then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.NONE);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7})
    void an_unknown_codec_is_bad_attributes(int codecId) {
        // given
        ByteBuffer batch = RawBatches.batch(codecId, 2, 3, threeRecords());
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_ATTRIBUTES);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0x100, 0x4000, 0x8000})
    void unknown_high_attribute_bits_are_bad_attributes(int bit) {
        // given
        ByteBuffer batch = RawBatches.batch(bit, 2, 3, threeRecords());
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_ATTRIBUTES);
    }

    @ParameterizedTest
    @ValueSource(ints = {RecordBatch.TIMESTAMP_TYPE_MASK, RecordBatch.TRANSACTIONAL_MASK, RecordBatch.CONTROL_MASK,
        RecordBatch.DELETE_HORIZON_MASK, 0x7f & ~0x07})
    void known_attribute_bits_are_accepted(int bits) {
        // given
        ByteBuffer batch = RawBatches.batch(bits, 2, 3, threeRecords());
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.NONE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void a_record_count_below_one_is_bad(int count) {
        // given: the last offset delta agrees with the count, so only the count is wrong
        ByteBuffer batch = RawBatches.batch(0, count - 1, count, threeRecords());
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORD_COUNT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, -1})
    void a_last_offset_delta_that_disagrees_with_the_count_is_bad(int lastOffsetDelta) {
        // given
        ByteBuffer batch = RawBatches.batch(0, lastOffsetDelta, 3, threeRecords());
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORD_COUNT);
    }

    @Test
    void a_garbage_records_section_with_a_matching_crc_is_bad_records() {
        // given
        byte[] garbage = new byte[40];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0x9e * i + 0x31);
        }
        ByteBuffer batch = RawBatches.batch(0, 2, 3, garbage);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
        assertThat(RecordBatch.validate(batch, 0, batch.limit(), Integer.MAX_VALUE, false))
                .as("a shallow check does not parse records").isEqualTo(BatchError.NONE);
    }

    @Test
    void offset_deltas_out_of_sequence_are_bad_records() {
        // given
        byte[] section = RawBatches.concat(
                RawBatches.record(0, 0, null, utf8("a")),
                RawBatches.record(2, 0, null, utf8("b")),
                RawBatches.record(1, 0, null, utf8("c")));
        ByteBuffer batch = RawBatches.batch(0, 2, 3, section);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void offset_deltas_not_starting_at_zero_are_bad_records() {
        // given
        byte[] section = RawBatches.concat(RawBatches.record(1, 0, null, utf8("a")), RawBatches.record(2, 0, null, utf8("b")));
        ByteBuffer batch = RawBatches.batch(0, 1, 2, section);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void fewer_records_than_counted_are_bad_records() {
        // given
        byte[] section = RawBatches.concat(RawBatches.record(0, 0, null, utf8("a")), RawBatches.record(1, 0, null, utf8("b")));
        ByteBuffer batch = RawBatches.batch(0, 2, 3, section);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void bytes_after_the_last_record_are_bad_records() {
        // given
        ByteBuffer batch = RawBatches.batch(0, 2, 3, RawBatches.concat(threeRecords(), new byte[] {0}));
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void a_record_length_beyond_the_section_is_bad_records() {
        // given: the length prefix of the only record is one too large
        byte[] record = RawBatches.record(0, 0, utf8("k"), utf8("v"));
        record[0] += 2;
        ByteBuffer batch = RawBatches.batch(0, 0, 1, record);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void a_record_whose_fields_end_before_its_length_is_bad_records() {
        // given: the length prefix covers one byte more than the fields, and that byte exists
        byte[] record = RawBatches.concat(RawBatches.record(0, 0, utf8("k"), utf8("v")), new byte[] {0});
        record[0] += 2;
        ByteBuffer batch = RawBatches.batch(0, 0, 1, record);
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, -100, Integer.MIN_VALUE})
    void a_key_length_below_minus_one_is_bad_records(int keyLength) {
        // given: attributes 0, timestamp delta 0, offset delta 0, then the key length
        ByteBuffer body = ByteBuffer.allocate(32);
        body.put((byte) 0);
        Varints.writeVarlong(0, body);
        Varints.writeVarint(0, body);
        Varints.writeVarint(keyLength, body);
        Varints.writeVarint(-1, body);
        Varints.writeVarint(0, body);
        ByteBuffer record = ByteBuffer.allocate(40);
        Varints.writeVarint(body.position(), record);
        record.put(body.flip());
        ByteBuffer batch = RawBatches.batch(0, 0, 1, TestBytes.toArray(record.flip()));
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void a_negative_header_count_is_bad_records() {
        // given
        ByteBuffer body = ByteBuffer.allocate(32);
        body.put((byte) 0);
        Varints.writeVarlong(0, body);
        Varints.writeVarint(0, body);
        Varints.writeVarint(-1, body);
        Varints.writeVarint(-1, body);
        Varints.writeVarint(-3, body);
        ByteBuffer record = ByteBuffer.allocate(40);
        Varints.writeVarint(body.position(), record);
        record.put(body.flip());
        ByteBuffer batch = RawBatches.batch(0, 0, 1, TestBytes.toArray(record.flip()));
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void a_null_header_key_is_bad_records() {
        // given: header count 1, key length -1
        ByteBuffer body = ByteBuffer.allocate(32);
        body.put((byte) 0);
        Varints.writeVarlong(0, body);
        Varints.writeVarint(0, body);
        Varints.writeVarint(-1, body);
        Varints.writeVarint(-1, body);
        Varints.writeVarint(1, body);
        Varints.writeVarint(-1, body);
        Varints.writeVarint(-1, body);
        ByteBuffer record = ByteBuffer.allocate(40);
        Varints.writeVarint(body.position(), record);
        record.put(body.flip());
        ByteBuffer batch = RawBatches.batch(0, 0, 1, TestBytes.toArray(record.flip()));
        // when / then
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.BAD_RECORDS);
    }

    @Test
    void deep_validation_does_not_parse_compressed_sections() {
        // given: a gzip batch whose section is garbage, with a matching CRC
        ByteBuffer batch = RawBatches.batch(CompressionType.GZIP.id(), 0, 1, utf8("not gzip at all"));
        // when / then: validation stays cheap; the cursor reports the garbage when it decompresses
        assertThat(validate(batch, batch.limit())).isEqualTo(BatchError.NONE);
    }

    @Test
    void every_error_is_produced_by_some_test_here() {
        // a reminder: a new BatchError needs a test above that produces it
        assertThat(BatchError.values()).containsExactly(BatchError.NONE, BatchError.TRUNCATED, BatchError.BAD_LENGTH,
                BatchError.TOO_LARGE, BatchError.BAD_MAGIC, BatchError.BAD_CRC, BatchError.BAD_ATTRIBUTES,
                BatchError.BAD_RECORD_COUNT, BatchError.BAD_RECORDS);
    }
}
