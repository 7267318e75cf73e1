package io.brook.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Brook's record batch against Kafka's own implementation (kafka-clients 4.4.0): what one writes,
 * the other reads, field for field and record for record, for every codec.
 */
class KafkaCrossCheckTest {

    /** Every header field Kafka exposes must match the spec Brook wrote (or read). */
    private static void assertKafkaHeaderMatches(MutableRecordBatch kafka, BatchSpec spec) {
        assertThat(kafka.magic()).isEqualTo(RecordBatch.MAGIC);
        assertThat(kafka.baseOffset()).isEqualTo(spec.baseOffset());
        assertThat(kafka.lastOffset()).isEqualTo(spec.baseOffset() + spec.records().size() - 1);
        assertThat(kafka.countOrNull()).isEqualTo(spec.records().size());
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(spec.partitionLeaderEpoch());
        assertThat(kafka.producerId()).isEqualTo(spec.producerId());
        assertThat(kafka.producerEpoch()).isEqualTo(spec.producerEpoch());
        assertThat(kafka.baseSequence()).isEqualTo(spec.baseSequence());
        assertThat(kafka.isTransactional()).isEqualTo(spec.transactional());
        assertThat(kafka.isControlBatch()).isFalse();
        assertThat(kafka.maxTimestamp()).isEqualTo(spec.maxTimestamp());
        assertThat(kafka.timestampType()).isEqualTo(KafkaBatches.timestampType(spec.timestampType()));
        assertThat((int) kafka.compressionType().id).isEqualTo(spec.codec().id());
        assertThat(((org.apache.kafka.common.record.internal.DefaultRecordBatch) kafka).baseTimestamp())
                .isEqualTo(spec.baseTimestamp());
    }

    private static void assertBrookHeaderMatches(ByteBuffer bytes, BatchSpec spec) {
        RecordBatch batch = RecordBatch.of(bytes);
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.remaining());
        assertThat(batch.baseOffset()).isEqualTo(spec.baseOffset());
        assertThat(batch.lastOffsetDelta()).isEqualTo(spec.records().size() - 1);
        assertThat(batch.recordCount()).isEqualTo(spec.records().size());
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(spec.partitionLeaderEpoch());
        assertThat(batch.producerId()).isEqualTo(spec.producerId());
        assertThat(batch.producerEpoch()).isEqualTo(spec.producerEpoch());
        assertThat(batch.baseSequence()).isEqualTo(spec.baseSequence());
        assertThat(batch.isTransactional()).isEqualTo(spec.transactional());
        assertThat(batch.isControl()).isFalse();
        assertThat(batch.baseTimestamp()).isEqualTo(spec.baseTimestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(spec.maxTimestamp());
        assertThat(batch.timestampType()).isEqualTo(spec.timestampType());
        assertThat(batch.compression()).isEqualTo(spec.codec());
    }

    private static void assertBrookReadsKafka(BatchSpec spec) {
        // given
        ByteBuffer kafkaBytes = KafkaBatches.build(spec);
        // when
        BatchError error = TestBytes.validate(kafkaBytes);
        List<Record> records = TestBytes.readAll(kafkaBytes);
        // then
        assertThat(error).isEqualTo(BatchError.NONE);
        assertBrookHeaderMatches(kafkaBytes, spec);
        assertThat(records).containsExactlyElementsOf(spec.expectedRecords());
    }

    private static void assertKafkaReadsBrook(BatchSpec spec) {
        // given
        ByteBuffer brookBytes = spec.buildWithBrook();
        // when
        List<MutableRecordBatch> batches = KafkaBatches.batches(brookBytes);
        // then
        assertThat(batches).hasSize(1);
        MutableRecordBatch kafka = batches.get(0);
        assertThat(kafka.sizeInBytes()).isEqualTo(brookBytes.remaining());
        assertThat(kafka.checksum()).isEqualTo(RecordBatch.of(brookBytes).crc());
        assertKafkaHeaderMatches(kafka, spec);
        assertThat(KafkaBatches.records(kafka)).containsExactlyElementsOf(spec.expectedRecords());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void brook_reads_batches_written_by_kafka(CompressionType codec) {
        assertBrookReadsKafka(Samples.mixedSpec(codec));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafka_reads_batches_written_by_brook(CompressionType codec) {
        assertKafkaReadsBrook(Samples.mixedSpec(codec));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void log_append_time_batches_agree_in_both_directions(CompressionType codec) {
        // given: Kafka's log append time is the spec's max timestamp (see KafkaBatches.build)
        BatchSpec spec = new BatchSpec(codec, 0L, 1, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE, false, TimestampType.LOG_APPEND_TIME, Samples.mixed(0L));
        // when / then
        assertBrookReadsKafka(spec);
        assertKafkaReadsBrook(spec);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void golden_files_pass_kafka_validation(CompressionType codec) throws Exception {
        // given
        ByteBuffer golden = GoldenFileTest.load(codec);
        // when
        List<MutableRecordBatch> batches = KafkaBatches.batches(golden);
        // then
        assertThat(batches).hasSize(1);
        assertKafkaHeaderMatches(batches.get(0), GoldenFiles.spec(codec));
        assertThat(KafkaBatches.records(batches.get(0))).containsExactlyElementsOf(GoldenFiles.spec(codec).records());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafka_batches_with_offset_gaps_are_rejected(CompressionType codec) {
        // given: offsets 0, 2, 5 as Kafka's log compaction leaves them; Brook has no compaction and
        // requires lastOffsetDelta == recordCount - 1 (a deliberate difference, see docs/formats.md)
        org.apache.kafka.common.record.internal.MemoryRecordsBuilder kafka =
                org.apache.kafka.common.record.internal.MemoryRecords.builder(ByteBuffer.allocate(256),
                        KafkaBatches.compression(codec), org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
        kafka.appendWithOffset(0L, 1_000L, null, TestBytes.utf8("a"));
        kafka.appendWithOffset(2L, 1_001L, null, TestBytes.utf8("b"));
        kafka.appendWithOffset(5L, 1_002L, null, TestBytes.utf8("c"));
        ByteBuffer bytes = TestBytes.copy(kafka.build().buffer());
        // when
        BatchError error = TestBytes.validate(bytes);
        // then
        assertThat(KafkaBatches.batches(bytes)).hasSize(1);
        assertThat(error).isEqualTo(BatchError.BAD_RECORD_COUNT);
    }

    @Test
    void uncompressed_batches_are_byte_identical_to_kafkas() {
        // given: without a codec there is exactly one encoding of a batch
        BatchSpec spec = Samples.mixedSpec(CompressionType.NONE);
        // when
        ByteBuffer kafka = KafkaBatches.build(spec);
        ByteBuffer brook = spec.buildWithBrook();
        // then
        assertThat(TestBytes.toArray(brook)).isEqualTo(TestBytes.toArray(kafka));
    }

    @Test
    void random_kafka_batches_are_read_by_brook() {
        Seeds.forEach("KafkaCrossCheckTest.random_kafka_batches_are_read_by_brook", 300, (seed, rnd) ->
                assertBrookReadsKafka(RandomBatches.spec(rnd, RandomBatches.codec(rnd), true)));
    }

    @Test
    void random_brook_batches_are_read_by_kafka() {
        Seeds.forEach("KafkaCrossCheckTest.random_brook_batches_are_read_by_kafka", 300, (seed, rnd) ->
                assertKafkaReadsBrook(RandomBatches.spec(rnd, RandomBatches.codec(rnd), true)));
    }

    @Test
    void random_uncompressed_batches_are_byte_identical_to_kafkas() {
        Seeds.forEach("KafkaCrossCheckTest.random_uncompressed_batches_are_byte_identical", 200, (seed, rnd) -> {
            // given
            BatchSpec spec = RandomBatches.spec(rnd, CompressionType.NONE, true);
            // when / then
            assertThat(TestBytes.toArray(spec.buildWithBrook())).isEqualTo(TestBytes.toArray(KafkaBatches.build(spec)));
        });
    }

    @Test
    void varints_encode_like_kafkas() {
        Seeds.forEach("KafkaCrossCheckTest.varints_encode_like_kafkas", 20, (seed, rnd) -> {
            for (int i = 0; i < 1_000; i++) {
                // given
                int vi = rnd.nextInt() >> rnd.nextInt(32);
                long vl = rnd.nextLong() >> rnd.nextInt(64);
                ByteBuffer brook = ByteBuffer.allocate(15);
                ByteBuffer kafka = ByteBuffer.allocate(15);
                // when
                Varints.writeVarint(vi, brook);
                Varints.writeVarlong(vl, brook);
                ByteUtils.writeVarint(vi, kafka);
                ByteUtils.writeVarlong(vl, kafka);
                // then
                assertThat(brook.flip()).isEqualTo(kafka.flip());
                assertThat(Varints.sizeOfVarint(vi)).isEqualTo(ByteUtils.sizeOfVarint(vi));
                assertThat(Varints.sizeOfVarlong(vl)).isEqualTo(ByteUtils.sizeOfVarlong(vl));
            }
        });
    }
}
