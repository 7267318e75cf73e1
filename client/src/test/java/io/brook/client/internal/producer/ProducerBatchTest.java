package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.TopicPartition;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

class ProducerBatchTest {

    private static final byte[] VALUE = new byte[20];
    private static final int BOUND = RecordBatchBuilder.recordSizeUpperBound(-1, VALUE.length, null);

    private static ProducerBatch batchOf(int records, CompressionType compression) {
        ProducerBatch b = new ProducerBatch(new TopicPartition("t", 0), new RecordBatchBuilder(compression, 1024), 1024, 0);
        for (int i = 0; i < records; i++) {
            b.tryAppend(i, null, VALUE, null, BOUND);
        }
        return b;
    }

    @Test
    void aBatchStampedBeforeItIsBuiltCarriesTheProducerFields() {
        ProducerBatch b = batchOf(3, CompressionType.NONE);

        b.stamp(42, (short) 7, 100);
        b.close();

        RecordBatch built = RecordBatch.of(b.bytes());
        assertThat(built.producerId()).isEqualTo(42);
        assertThat(built.producerEpoch()).isEqualTo((short) 7);
        assertThat(built.baseSequence()).isEqualTo(100);
        assertThat(built.isCrcValid()).isTrue();
    }

    @Test
    void restampingABuiltBatchRewritesTheFieldsAndTheCrc() {
        ProducerBatch b = batchOf(3, CompressionType.ZSTD);
        b.stamp(42, (short) 0, 100);
        b.close();
        int size = b.sizeInBytes();

        b.clearSequence();
        b.stamp(43, (short) 0, 0);

        RecordBatch built = RecordBatch.of(b.bytes());
        assertThat(b.hasSequence()).isTrue();
        assertThat(built.producerId()).isEqualTo(43);
        assertThat(built.baseSequence()).isZero();
        assertThat(built.recordCount()).isEqualTo(3);
        assertThat(built.sizeInBytes()).isEqualTo(size);
        assertThat(built.isCrcValid()).isTrue();
    }

    @Test
    void aClearedSequenceIsNoSequence() {
        ProducerBatch b = batchOf(1, CompressionType.NONE);
        assertThat(b.hasSequence()).isFalse();
        b.stamp(1, (short) 0, 0);
        assertThat(b.hasSequence()).isTrue();

        b.clearSequence();

        assertThat(b.hasSequence()).isFalse();
    }
}
