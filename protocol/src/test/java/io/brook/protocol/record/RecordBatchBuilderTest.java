package io.brook.protocol.record;

import static io.brook.protocol.record.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchBuilderTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void records_read_back_exactly_as_appended(CompressionType codec) {
        // given
        BatchSpec spec = Samples.mixedSpec(codec);
        // when
        ByteBuffer batch = spec.buildWithBrook();
        // then
        assertThat(TestBytes.validate(batch)).isEqualTo(BatchError.NONE);
        assertThat(TestBytes.readAll(batch)).containsExactlyElementsOf(spec.records());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void header_fields_describe_the_batch(CompressionType codec) {
        // given
        BatchSpec spec = Samples.mixedSpec(codec);
        // when
        RecordBatch batch = RecordBatch.of(spec.buildWithBrook());
        // then
        assertThat(batch.baseOffset()).isEqualTo(5_000L);
        assertThat(batch.lastOffsetDelta()).isEqualTo(4);
        assertThat(batch.lastOffset()).isEqualTo(5_004L);
        assertThat(batch.nextOffset()).isEqualTo(5_005L);
        assertThat(batch.recordCount()).isEqualTo(5);
        assertThat(batch.baseTimestamp()).as("first record's timestamp").isEqualTo(Samples.T0);
        assertThat(batch.maxTimestamp()).as("largest, not last, timestamp").isEqualTo(Samples.T0 + 50);
        assertThat(batch.producerId()).isEqualTo(77L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 4);
        assertThat(batch.baseSequence()).isEqualTo(123);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControl()).isFalse();
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(9);
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC);
        assertThat(batch.compression()).isEqualTo(codec);
        assertThat(batch.attributes() & RecordBatch.COMPRESSION_MASK).isEqualTo(codec.id());
        assertThat(batch.attributes()).isEqualTo((short) (codec.id() | RecordBatch.TRANSACTIONAL_MASK));
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.sizeInBytes()).isEqualTo(batch.buffer().remaining());
        assertThat(batch.batchLength()).isEqualTo(batch.sizeInBytes() - RecordBatch.LOG_OVERHEAD);
        assertThat(batch.isCrcValid()).isTrue();
    }

    @Test
    void defaults_mean_no_producer_no_epoch_and_create_time() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(1L, null, utf8("v"));
        // when
        RecordBatch batch = RecordBatch.of(builder.build());
        // then
        assertThat(batch.baseOffset()).isZero();
        assertThat(batch.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
        assertThat(batch.producerEpoch()).isEqualTo(RecordBatch.NO_PRODUCER_EPOCH);
        assertThat(batch.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.attributes()).isZero();
    }

    @Test
    void uncompressed_size_grows_by_at_most_the_upper_bound_per_record() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        assertThat(builder.uncompressedSizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE);
        for (Record r : Samples.mixed(0)) {
            int before = builder.uncompressedSizeInBytes();
            // when
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
            // then
            int bound = RecordBatchBuilder.recordSizeUpperBound(
                    r.key() == null ? -1 : r.key().length, r.value() == null ? -1 : r.value().length, r.headers());
            assertThat(builder.uncompressedSizeInBytes() - before).isPositive().isLessThanOrEqualTo(bound);
        }
        assertThat(builder.build().remaining()).isEqualTo(builder.uncompressedSizeInBytes());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void set_base_offset_and_leader_epoch_in_place_keep_the_crc_valid(CompressionType codec) {
        // given
        ByteBuffer bytes = Samples.mixedSpec(codec).buildWithBrook();
        RecordBatch batch = RecordBatch.of(bytes);
        long crcBefore = batch.crc();
        // when
        batch.setBaseOffset(1L << 40);
        batch.setPartitionLeaderEpoch(12345);
        // then
        assertThat(batch.crc()).isEqualTo(crcBefore);
        assertThat(batch.isCrcValid()).isTrue();
        assertThat(TestBytes.validate(bytes)).isEqualTo(BatchError.NONE);
        assertThat(batch.baseOffset()).isEqualTo(1L << 40);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(12345);
        assertThat(TestBytes.readAll(bytes)).extracting(Record::offset)
                .containsExactly((1L << 40), (1L << 40) + 1, (1L << 40) + 2, (1L << 40) + 3, (1L << 40) + 4);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void reset_and_reuse_produces_identical_bytes(CompressionType codec) {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(codec, 64);
        BatchSpec spec = Samples.mixedSpec(codec);
        spec.appendTo(builder);
        byte[] first = TestBytes.toArray(builder.build());
        // when: a different batch in between, then the first one again
        builder.reset();
        builder.append(1L, utf8("other"), utf8("batch"));
        builder.build();
        builder.reset();
        spec.appendTo(builder);
        byte[] again = TestBytes.toArray(builder.build());
        // then
        assertThat(again).isEqualTo(first);
    }

    @Test
    void reset_keeps_header_settings_and_forgets_records() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.GZIP, 0)
                .baseOffset(10).partitionLeaderEpoch(3).producer(5L, (short) 6, 7).transactional(true)
                .timestampType(TimestampType.LOG_APPEND_TIME);
        builder.append(100L, null, utf8("a"));
        builder.append(200L, null, utf8("b"));
        builder.build();
        // when
        builder.reset();
        builder.append(300L, null, utf8("c"));
        RecordBatch batch = RecordBatch.of(builder.build());
        // then
        assertThat(builder.recordCount()).isEqualTo(1);
        assertThat(batch.recordCount()).isEqualTo(1);
        assertThat(batch.baseOffset()).isEqualTo(10);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(3);
        assertThat(batch.producerId()).isEqualTo(5L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 6);
        assertThat(batch.baseSequence()).isEqualTo(7);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.baseTimestamp()).isEqualTo(300L);
        assertThat(batch.maxTimestamp()).isEqualTo(300L);
    }

    @Test
    void building_an_empty_batch_throws() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        // when / then
        assertThat(builder.isEmpty()).isTrue();
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void building_after_reset_without_records_throws() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.LZ4, 0);
        builder.append(1L, null, null);
        builder.build();
        // when
        builder.reset();
        // then
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appending_after_build_without_reset_throws() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(1L, null, null);
        builder.build();
        // when / then
        assertThatThrownBy(() -> builder.append(2L, null, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void byte_buffer_append_writes_the_remaining_bytes_without_consuming_them() {
        // given
        ByteBuffer key = ByteBuffer.wrap(utf8("xxKEYxx"), 2, 3);
        ByteBuffer value = ByteBuffer.wrap(utf8("VALUE"));
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        // when
        builder.append(1L, key, value, null);
        builder.append(2L, (ByteBuffer) null, null, new Header[] {Header.of("h", "v")});
        List<Record> records = TestBytes.readAll(builder.build());
        // then
        assertThat(key.position()).isEqualTo(2);
        assertThat(key.remaining()).isEqualTo(3);
        assertThat(value.remaining()).isEqualTo(5);
        assertThat(records).containsExactly(
                new Record(0, 1L, utf8("KEY"), utf8("VALUE"), new Header[0]),
                new Record(1, 2L, null, null, new Header[] {Header.of("h", "v")}));
    }

    @Test
    void append_returns_consecutive_offset_deltas() {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        // when
        int first = builder.append(1L, null, null);
        int second = builder.append(1L, null, null);
        int third = builder.append(1L, (byte[]) null, null, null);
        // then
        assertThat(List.of(first, second, third)).containsExactly(0, 1, 2);
        assertThat(builder.recordCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void grows_past_its_initial_capacity(CompressionType codec) {
        // given: far more bytes than the 1-byte initial capacity
        RecordBatchBuilder builder = new RecordBatchBuilder(codec, 1);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 >>> 3);
        }
        // when
        for (int i = 0; i < 5; i++) {
            builder.append(i, utf8("k" + i), big);
        }
        ByteBuffer batch = TestBytes.copy(builder.build());
        // then
        assertThat(TestBytes.validate(batch)).isEqualTo(BatchError.NONE);
        assertThat(TestBytes.readAll(batch)).hasSize(5).allSatisfy(r -> assertThat(r.value()).isEqualTo(big));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void log_append_time_batches_give_every_record_the_max_timestamp(CompressionType codec) {
        // given
        RecordBatchBuilder builder = new RecordBatchBuilder(codec, 0).timestampType(TimestampType.LOG_APPEND_TIME);
        builder.append(500L, null, utf8("a"));
        builder.append(900L, null, utf8("b"));
        builder.append(100L, null, utf8("c"));
        // when
        ByteBuffer bytes = TestBytes.copy(builder.build());
        RecordBatch batch = RecordBatch.of(bytes);
        // then
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.attributes() & RecordBatch.TIMESTAMP_TYPE_MASK).isNotZero();
        assertThat(batch.maxTimestamp()).isEqualTo(900L);
        assertThat(TestBytes.readAll(bytes)).extracting(Record::timestamp).containsExactly(900L, 900L, 900L);
    }

    @Test
    void extreme_timestamps_round_trip() {
        // given: deltas that overflow a long still decode, since both sides wrap the same way
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 0);
        builder.append(Long.MIN_VALUE, null, null);
        builder.append(Long.MAX_VALUE, null, null);
        builder.append(0L, null, null);
        // when
        ByteBuffer bytes = builder.build();
        // then
        assertThat(TestBytes.readAll(bytes)).extracting(Record::timestamp).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 0L);
        assertThat(RecordBatch.of(bytes).maxTimestamp()).isEqualTo(Long.MAX_VALUE);
    }
}
