package io.brook.protocol.record;

import static io.brook.protocol.record.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads the golden files in {@code src/test/resources/golden} (written by {@link GoldenFiles}). The
 * expected values are spelled out here rather than taken from the generator, so that the test
 * reads the files as a stranger would. A failure means the format changed: see the folder's README.
 */
class GoldenFileTest {

    private static final long T0 = 1_700_000_000_000L;

    private static final List<Record> EXPECTED = List.of(
            new Record(1000, T0, utf8("key-0"), utf8("value-0"),
                    new Header[] {new Header("trace-id", utf8("abc123")), new Header("null-header", null)}),
            new Record(1001, T0 + 250, null, utf8("no key"), new Header[] {new Header("ключ", utf8("значение"))}),
            new Record(1002, T0 + 100, utf8("key-2"), null, new Header[0]),
            new Record(1003, T0 + 300, utf8("key-3"), new byte[0], new Header[] {new Header("empty-value", new byte[0])}));

    static ByteBuffer load(CompressionType codec) throws IOException {
        String name = "/golden/record-batch-v2-" + codec.configName() + ".bin";
        try (InputStream in = GoldenFileTest.class.getResourceAsStream(name)) {
            assertThat(in).as("resource %s", name).isNotNull();
            return ByteBuffer.wrap(in.readAllBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void golden_file_validates(CompressionType codec) throws IOException {
        // given
        ByteBuffer bytes = load(codec);
        // when
        BatchError error = RecordBatch.validate(bytes, 0, bytes.limit(), bytes.limit(), true);
        // then
        assertThat(error).isEqualTo(BatchError.NONE);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void golden_file_header_fields(CompressionType codec) throws IOException {
        // given
        ByteBuffer bytes = load(codec);
        // when
        RecordBatch batch = RecordBatch.of(bytes);
        // then
        assertThat(batch.baseOffset()).isEqualTo(1000L);
        assertThat(batch.batchLength()).isEqualTo(bytes.limit() - 12);
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.limit());
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.crc()).isEqualTo(batch.computeCrc());
        assertThat(batch.attributes()).isEqualTo((short) codec.id());
        assertThat(batch.compression()).isEqualTo(codec);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControl()).isFalse();
        assertThat(batch.lastOffsetDelta()).isEqualTo(3);
        assertThat(batch.lastOffset()).isEqualTo(1003L);
        assertThat(batch.baseTimestamp()).isEqualTo(T0);
        assertThat(batch.maxTimestamp()).isEqualTo(T0 + 300);
        assertThat(batch.producerId()).isEqualTo(42L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(11);
        assertThat(batch.recordCount()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void golden_file_records(CompressionType codec) throws IOException {
        // given
        ByteBuffer bytes = load(codec);
        // when
        List<Record> records = TestBytes.readAll(bytes);
        // then
        assertThat(records).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void uncompressed_golden_file_is_pinned() throws IOException {
        // given
        ByteBuffer bytes = load(CompressionType.NONE);
        // when / then: size and stored CRC as committed; regenerating the file changes them
        assertThat(bytes.limit()).isEqualTo(188);
        assertThat(RecordBatch.of(bytes).crc()).isEqualTo(0x68a074e1L);
    }

    @Test
    void builder_still_writes_the_uncompressed_golden_bytes() throws IOException {
        // given
        ByteBuffer golden = load(CompressionType.NONE);
        // when
        ByteBuffer today = GoldenFiles.build(CompressionType.NONE);
        // then
        assertThat(TestBytes.toArray(today)).as("format stability: the builder's output changed")
                .isEqualTo(TestBytes.toArray(golden));
    }

    @Test
    void generator_describes_the_same_records_as_this_test() {
        // the expected values above are independent of GoldenFiles; they must still agree with it
        assertThat(GoldenFiles.spec(CompressionType.NONE).records()).containsExactlyElementsOf(EXPECTED);
    }
}
