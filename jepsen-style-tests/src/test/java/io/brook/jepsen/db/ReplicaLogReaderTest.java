package io.brook.jepsen.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.checker.ReplicaLogs;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica reader reads what the storage layer wrote, across segments and codecs, and stops at a torn tail. */
class ReplicaLogReaderTest {

    @TempDir
    Path data;

    private static ByteBuffer batch(CompressionType codec, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(codec, 1024);
        for (String v : values) {
            b.append(1_000L, null, v.getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer built = b.build();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        return copy;
    }

    private void write(ByteBuffer... batches) {
        try (PartitionLog log = PartitionLog.open(data.resolve("logs/t-0"), LogConfig.defaults().withSegmentBytes(1024))) {
            for (ByteBuffer b : batches) {
                log.appendAsLeader(b, 1);
            }
            log.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void reads_every_record_of_every_segment_in_offset_order() {
        String[] v = new String[6];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < v.length; i++) {
            StringBuilder b = new StringBuilder("v" + i + "-");
            while (b.length() < 700) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            v[i] = b.toString();
        }
        write(batch(CompressionType.NONE, v[0], v[1]), batch(CompressionType.LZ4, v[2]), batch(CompressionType.ZSTD, v[3], v[4], v[5]));

        assertThat(ReplicaLogReader.segments(data.resolve("logs/t-0"))).hasSizeGreaterThan(1);
        assertThat(ReplicaLogReader.read(data, "t", 0)).containsExactly(new ReplicaLogs.Entry(0, v[0]),
                new ReplicaLogs.Entry(1, v[1]), new ReplicaLogs.Entry(2, v[2]), new ReplicaLogs.Entry(3, v[3]),
                new ReplicaLogs.Entry(4, v[4]), new ReplicaLogs.Entry(5, v[5]));
    }

    @Test
    void stops_at_a_torn_batch_and_reads_nothing_of_a_partition_it_does_not_hold() throws Exception {
        write(batch(CompressionType.NONE, "a", "b"), batch(CompressionType.NONE, "c", "d"));
        List<Path> segments = ReplicaLogReader.segments(data.resolve("logs/t-0"));
        Path last = segments.get(segments.size() - 1);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }

        assertThat(ReplicaLogReader.read(data, "t", 0)).extracting(ReplicaLogs.Entry::value).containsExactly("a", "b");
        assertThat(ReplicaLogReader.read(data, "t", 1)).isEmpty();
    }
}
