package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path dir;

    static ByteBuffer batch(int records, long ts) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 1024);
        for (int i = 0; i < records; i++) {
            b.append(ts + i, ("k" + i).getBytes(), new byte[100]);
        }
        ByteBuffer built = b.build();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        return copy;
    }

    @Test
    void appendReadReopen() {
        LogConfig cfg = LogConfig.defaults().withSegmentBytes(4096).withIndexIntervalBytes(256);
        try (PartitionLog log = PartitionLog.open(dir, cfg)) {
            for (int i = 0; i < 100; i++) {
                AppendInfo info = log.appendAsLeader(batch(3, 1000 + i * 10), 1 + i / 50);
                assertThat(info.firstOffset()).isEqualTo(i * 3L);
            }
            log.flush();
            assertThat(log.segmentCount()).isGreaterThan(5);
            try (ReadResult r = log.read(151, 1000, Long.MAX_VALUE)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
                assertThat(r.slice().firstOffset()).isEqualTo(150);
                ByteBuffer bytes = r.slice().readAll();
                RecordBatch b = RecordBatch.of(bytes);
                assertThat(b.baseOffset()).isEqualTo(150);
                assertThat(b.isCrcValid()).isTrue();
            }
            assertThat(log.termAt(149)).isEqualTo(1);
            assertThat(log.termAt(150)).isEqualTo(2);
            assertThat(log.endOffsetForTerm(1)).isEqualTo(new TermOffset(1, 150));
            assertThat(log.offsetForTimestamp(1505, Long.MAX_VALUE)).isEqualTo(new TimestampLookup(153, 1510));
            assertThat(log.offsetForTimestamp(1501, Long.MAX_VALUE)).isEqualTo(new TimestampLookup(151, 1501));
        }
        try (PartitionLog log = PartitionLog.open(dir, cfg)) {
            assertThat(log.logEndOffset()).isEqualTo(300);
            assertThat(log.termAt(150)).isEqualTo(2);
            assertThat(log.truncateTo(100)).isEqualTo(99);
            assertThat(log.logEndOffset()).isEqualTo(99);
        }
        try (PartitionLog log = PartitionLog.open(dir, cfg)) {
            assertThat(log.logEndOffset()).isEqualTo(99);
            assertThat(log.lastTerm()).isEqualTo(1);
        }
    }
}
