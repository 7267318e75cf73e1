package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.TopicPartition;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

class PartitionSequenceTest {

    @Test
    void sequencesAdvanceByTheRecordCount() {
        assertThat(PartitionSequence.advance(0, 3)).isEqualTo(3);
        assertThat(PartitionSequence.advance(5, 1)).isEqualTo(6);
    }

    @Test
    void sequencesWrapFromIntegerMaxValueToZero() {
        assertThat(PartitionSequence.advance(Integer.MAX_VALUE, 1)).isZero();
        assertThat(PartitionSequence.advance(Integer.MAX_VALUE - 1, 3)).isEqualTo(1);
        assertThat(PartitionSequence.advance(Integer.MAX_VALUE - 2, 2)).isEqualTo(Integer.MAX_VALUE);
    }

    private static ProducerBatch batchOf(int records) {
        ProducerBatch b = new ProducerBatch(new TopicPartition("t", 0), new RecordBatchBuilder(CompressionType.NONE, 1024), 1024, 0);
        for (int i = 0; i < records; i++) {
            b.tryAppend(i, null, new byte[1], null, 64);
        }
        return b;
    }

    @Test
    void theWindowRunsFromTheOldestUnacknowledgedBatchToTheNewestAcknowledgedOnesIncluded() {
        PartitionSequence s = new PartitionSequence();
        ProducerIdAndEpoch id = new ProducerIdAndEpoch(7, (short) 0);
        ProducerBatch lost = batchOf(2);
        s.stamp(lost, id);
        for (int i = 0; i < 3; i++) {
            ProducerBatch acked = batchOf(1);
            s.stamp(acked, id);
            s.unacked.remove(acked);
        }

        assertThat(s.unacked).containsExactly(lost);
        assertThat(s.window()).isEqualTo(4);
        assertThat(s.nextSequence).isEqualTo(5);

        s.unacked.remove(lost);
        assertThat(s.window()).isZero();
        ProducerBatch next = batchOf(1);
        s.stamp(next, id);
        assertThat(next.baseSequence()).isEqualTo(5);
        assertThat(s.window()).isEqualTo(1);
    }
}
