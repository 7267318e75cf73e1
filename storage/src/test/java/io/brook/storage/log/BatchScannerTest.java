package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.RecordBatch;
import io.brook.storage.LogDirs;
import io.brook.storage.TestBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchScannerTest {

    @TempDir Path dir;

    /** A file of a 16-byte header and batches of the given record counts (offsets from 0), each with a value of {@code valueSize}. */
    private Path file(int valueSize, int... records) throws IOException {
        Path path = dir.resolve("scan.log");
        List<ByteBuffer> parts = new ArrayList<>();
        parts.add(SegmentFile.header(0));
        long next = 0;
        for (int n : records) {
            parts.add(TestBatches.assigned(TestBatches.batch(n, 0, valueSize), next, 1));
            next += n;
        }
        Files.write(path, TestBatches.bytes(TestBatches.concat(parts.toArray(new ByteBuffer[0]))));
        return path;
    }

    private record Scan(List<Long> baseOffsets, long position, String error) {}

    private static Scan scan(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            BatchScanner scanner = new BatchScanner(ch, SegmentFile.HEADER_SIZE, ch.size());
            List<Long> offsets = new ArrayList<>();
            RecordBatch b;
            while ((b = scanner.next()) != null) {
                offsets.add(b.baseOffset());
            }
            assertThat(scanner.next()).isNull();
            return new Scan(offsets, scanner.position(), scanner.error());
        }
    }

    @Test
    void a_chain_of_valid_batches_is_read_to_the_end_of_the_file() throws IOException {
        // given
        Path path = file(50, 3, 1, 4);
        // when
        Scan scan = scan(path);
        // then
        assertThat(scan.baseOffsets()).containsExactly(0L, 3L, 4L);
        assertThat(scan.position()).isEqualTo(Files.size(path));
        assertThat(scan.error()).isNull();
    }

    @Test
    void an_empty_segment_has_no_batch_and_no_error() throws IOException {
        // given
        Path path = file(50);
        // when
        Scan scan = scan(path);
        // then
        assertThat(scan.baseOffsets()).isEmpty();
        assertThat(scan.error()).isNull();
    }

    @Test
    void a_torn_last_batch_stops_the_scan_after_the_valid_ones() throws IOException {
        // given
        Path path = file(50, 3, 1, 4);
        int last = LogDirs.batchPositions(path).get(2);
        LogDirs.truncate(path, last + 70);
        // when
        Scan scan = scan(path);
        // then
        assertThat(scan.baseOffsets()).containsExactly(0L, 3L);
        assertThat(scan.position()).isEqualTo(last);
        assertThat(scan.error()).isEqualTo(BatchError.TRUNCATED.description());
    }

    @Test
    void a_few_trailing_bytes_are_a_truncated_batch() throws IOException {
        // given
        Path path = file(50, 3);
        long size = Files.size(path);
        LogDirs.appendBytes(path, new byte[] {0, 0, 0, 0, 0});
        // when
        Scan scan = scan(path);
        // then
        assertThat(scan.baseOffsets()).containsExactly(0L);
        assertThat(scan.position()).isEqualTo(size);
        assertThat(scan.error()).isEqualTo(BatchError.TRUNCATED.description());
    }

    @Test
    void a_batch_failing_its_crc_stops_the_scan_before_it() throws IOException {
        // given
        Path path = file(50, 3, 1, 4);
        int second = LogDirs.batchPositions(path).get(1);
        LogDirs.flipByte(path, second + RecordBatch.RECORDS_OFFSET + 1);
        // when
        Scan scan = scan(path);
        // then
        assertThat(scan.baseOffsets()).containsExactly(0L);
        assertThat(scan.position()).isEqualTo(second);
        assertThat(scan.error()).isEqualTo(BatchError.BAD_CRC.description());
    }

    @Test
    void a_length_field_pointing_past_the_end_of_the_file_is_a_truncated_batch() throws IOException {
        // given
        Path path = file(50, 3, 2);
        int second = LogDirs.batchPositions(path).get(1);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).putInt(0, 1 << 30), second + RecordBatch.LENGTH_OFFSET);
        }
        // when
        Scan scan = scan(path);
        // then
        assertThat(scan.baseOffsets()).containsExactly(0L);
        assertThat(scan.error()).isEqualTo(BatchError.TRUNCATED.description());
    }

    @Test
    void a_batch_larger_than_the_read_buffer_has_its_crc_streamed() throws IOException {
        // given: a batch of about 2 MiB between two small ones
        Path path = file(700 * 1024, 1, 3, 1);
        // when
        Scan intact = scan(path);
        int big = LogDirs.batchPositions(path).get(1);
        LogDirs.flipByte(path, big + 1_900_000);
        Scan corrupt = scan(path);
        // then
        assertThat(intact.baseOffsets()).containsExactly(0L, 1L, 4L);
        assertThat(intact.error()).isNull();
        assertThat(corrupt.baseOffsets()).containsExactly(0L);
        assertThat(corrupt.position()).isEqualTo(big);
        assertThat(corrupt.error()).isEqualTo(BatchError.BAD_CRC.description());
    }
}
