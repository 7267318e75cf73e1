package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

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
}
