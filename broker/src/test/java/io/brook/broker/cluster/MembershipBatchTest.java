package io.brook.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.protocol.record.RecordCursor;
import io.brook.replication.raft.Membership;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipBatchTest {

    @Test
    void a_configuration_batch_is_a_control_batch_that_reads_back_and_is_seen_in_received_entries() {
        Membership m = new Membership(List.of(3, 1, 2), List.of(4));
        ByteBuffer batch = MembershipBatch.build(m, 1234);

        RecordBatch b = RecordBatch.of(batch.duplicate());
        assertThat(b.isControl()).isTrue();
        assertThat(b.isCrcValid()).isTrue();
        assertThat(MembershipBatch.parse(b)).isEqualTo(m);

        BufEntries entries = BufEntries.parse(Unpooled.wrappedBuffer(batch.duplicate()));
        try {
            assertThat(entries.membership(0)).isEqualTo(m);
        } finally {
            entries.release();
        }
    }

    @Test
    void leader_markers_and_data_batches_carry_no_configuration() {
        RecordBatchBuilder marker = new RecordBatchBuilder(CompressionType.NONE, 256).control(true);
        marker.append(1, null, "leader 1 term 2".getBytes(StandardCharsets.UTF_8));
        RecordBatchBuilder data = new RecordBatchBuilder(CompressionType.NONE, 256);
        data.append(1, "brook.membership".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0});

        assertThat(MembershipBatch.parse(RecordBatch.of(marker.build()))).isNull();
        assertThat(MembershipBatch.parse(RecordBatch.of(data.build()))).isNull();
    }

    @Test
    void an_unreadable_configuration_is_a_clear_error() {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256).control(true);
        b.append(1, "brook.membership".getBytes(StandardCharsets.US_ASCII), new byte[] {9});

        assertThatThrownBy(() -> MembershipBatch.parse(RecordBatch.of(b.build()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown version 9");
    }

    /** The record's value, byte for byte: a change of it must come with a new version, not by accident. */
    @Test
    void the_configuration_value_has_a_fixed_layout() {
        byte[] golden = HexFormat.of().parseHex("01" + "00000002" + "00000003" + "00000001" + "00000001" + "00000004");
        RecordBatch built = RecordBatch.of(MembershipBatch.build(new Membership(List.of(3, 1), List.of(4)), 1234));
        RecordCursor c = new RecordCursor().reset(built);
        assertThat(c.next()).isTrue();
        assertThat(new String(c.keyBytes(), StandardCharsets.US_ASCII)).isEqualTo("brook.membership");
        assertThat(HexFormat.of().formatHex(c.valueBytes())).isEqualTo(HexFormat.of().formatHex(golden));

        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256).control(true);
        b.append(1, "brook.membership".getBytes(StandardCharsets.US_ASCII), golden);
        assertThat(MembershipBatch.parse(RecordBatch.of(b.build()))).isEqualTo(new Membership(List.of(3, 1), List.of(4)));
    }
}
