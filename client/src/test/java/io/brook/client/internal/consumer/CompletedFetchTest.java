package io.brook.client.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.ConsumerRecord;
import io.brook.client.CorruptRecordException;
import io.brook.client.TopicPartition;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.protocol.record.RecordCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletedFetchTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private final RecordCursor cursor = new RecordCursor();

    /** Batches of {@code size} records each, starting at offset {@code base}, back to back. */
    private static ByteBuf batches(long base, int... sizes) {
        ByteBuf out = Unpooled.buffer();
        long offset = base;
        for (int size : sizes) {
            RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256).baseOffset(offset);
            for (int i = 0; i < size; i++) {
                b.append(1000 + offset + i, null, ("v" + (offset + i)).getBytes());
            }
            out.writeBytes(b.build());
            offset += size;
        }
        return out;
    }

    private static List<Long> offsets(List<ConsumerRecord> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }

    @Test
    void recordsBelowThePositionAreSkippedEvenInsideABatch() {
        CompletedFetch f = CompletedFetch.data(TP, 1, 3, 10, 10, 0, batches(0, 5, 5));
        List<ConsumerRecord> out = new ArrayList<>();

        long position = f.drain(3, 100, true, cursor, out);

        assertThat(offsets(out)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(position).isEqualTo(10);
        assertThat(f.isDrained()).isTrue();
        f.release();
    }

    @Test
    void drainingStopsAtTheLimitAndResumesWhereItStopped() {
        CompletedFetch f = CompletedFetch.data(TP, 1, 0, 6, 6, 0, batches(0, 3, 3));
        List<ConsumerRecord> first = new ArrayList<>();
        List<ConsumerRecord> second = new ArrayList<>();

        long position = f.drain(0, 4, true, cursor, first);
        position = f.drain(position, 100, true, cursor, second);

        assertThat(offsets(first)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(offsets(second)).containsExactly(4L, 5L);
        assertThat(second.get(1).value()).isEqualTo("v5".getBytes());
        assertThat(second.get(1).timestamp()).isEqualTo(1005);
        assertThat(position).isEqualTo(6);
        f.release();
    }

    @Test
    void aTruncatedLastBatchIsIgnored() {
        ByteBuf whole = batches(0, 2, 2);
        ByteBuf truncated = whole.retainedSlice(0, whole.readableBytes() - 5);
        whole.release();
        CompletedFetch f = CompletedFetch.data(TP, 1, 0, 2, 4, 0, truncated);
        List<ConsumerRecord> out = new ArrayList<>();

        long position = f.drain(0, 100, true, cursor, out);

        assertThat(offsets(out)).containsExactly(0L, 1L);
        assertThat(position).isEqualTo(2);
        f.release();
    }

    @Test
    void aBadCrcIsReportedOnlyWhenCrcsAreChecked() {
        ByteBuf bytes = batches(0, 2);
        bytes.setByte(RecordBatch.CRC_OFFSET, bytes.getByte(RecordBatch.CRC_OFFSET) ^ 1);
        CompletedFetch checked = CompletedFetch.data(TP, 1, 0, 2, 2, 0, bytes.retainedSlice());
        CompletedFetch unchecked = CompletedFetch.data(TP, 1, 0, 2, 2, 0, bytes);

        assertThatThrownBy(() -> checked.drain(0, 100, true, cursor, new ArrayList<>()))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("t-0 at offset 0");
        List<ConsumerRecord> out = new ArrayList<>();
        unchecked.drain(0, 100, false, cursor, out);
        assertThat(offsets(out)).containsExactly(0L, 1L);
        checked.release();
        unchecked.release();
    }

    @Test
    void theNextFetchOffsetFollowsTheLastWholeBatch() {
        ByteBuf bytes = batches(10, 3, 4);

        assertThat(Fetcher.nextOffset(bytes, 0, bytes.readableBytes())).isEqualTo(17);
        assertThat(Fetcher.nextOffset(bytes, 0, bytes.readableBytes() - 1)).isEqualTo(13);
        assertThat(Fetcher.nextOffset(bytes, 0, 20)).isEqualTo(-1);
        bytes.release();
    }

    @Test
    void releaseIsIdempotent() {
        ByteBuf bytes = batches(0, 1);
        CompletedFetch f = CompletedFetch.data(TP, 1, 0, 1, 1, 0, bytes);

        f.release();
        f.release();

        assertThat(bytes.refCnt()).isZero();
        assertThat(f.isDrained()).isTrue();
    }
}
