package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AppendAndReadTest {

    @TempDir Path dir;
    @TempDir Path scratch;

    private PartitionLog log;

    private PartitionLog open(LogConfig config) {
        log = PartitionLog.open(dir, config, () -> 0L);
        return log;
    }

    private PartitionLog open() {
        return open(LogConfig.defaults());
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /** Appends {@code batches} batches of {@code records} records each, term 1. */
    private List<AppendInfo> fill(int batches, int records) {
        List<AppendInfo> infos = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            infos.add(log.appendAsLeader(batch(records, 1000 + 10L * i), 1));
        }
        return infos;
    }

    @Test
    void appends_get_consecutive_offsets_from_the_log_end() {
        // given
        open();
        // when
        AppendInfo first = log.appendAsLeader(batch(3, 1000), 1);
        AppendInfo second = log.appendAsLeader(batch(2, 2000), 1);
        // then
        assertThat(first.firstOffset()).isEqualTo(0);
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.logStartOffset()).isEqualTo(0);
    }

    @Test
    void append_info_reports_batches_bytes_and_largest_timestamp() {
        // given
        open();
        ByteBuffer buf = TestBatches.concat(TestBatches.withTimestamps(50, 900, 10), TestBatches.withTimestamps(300));
        int size = buf.remaining();
        // when
        AppendInfo info = log.appendAsLeader(buf, 1);
        // then
        assertThat(info).isEqualTo(new AppendInfo(0, 3, 900, 2, size));
        assertThat(log.sizeInBytes()).isEqualTo(LogDirs.SEGMENT_HEADER + size);
    }

    @Test
    void leader_append_stamps_offsets_and_term_in_place_and_the_crc_stays_valid() {
        // given
        open();
        log.appendAsLeader(batch(1, 0), 1);
        ByteBuffer buf = TestBatches.concat(batch(2, 1000), batch(3, 2000));
        // when
        log.appendAsLeader(buf, 7);
        // then: the caller's buffer carries the assigned offsets and term
        List<RecordBatch> stamped = TestBatches.parse(buf);
        assertThat(stamped).extracting(RecordBatch::baseOffset).containsExactly(1L, 3L);
        assertThat(stamped).extracting(RecordBatch::partitionLeaderEpoch).containsExactly(7, 7);
        // and the log holds the same bytes, with valid CRCs
        ByteBuffer read = TestBatches.readFrom(log, 1);
        assertThat(read).isEqualTo(buf.rewind());
        assertThat(TestBatches.recordOffsets(read)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void a_read_starts_with_the_batch_that_contains_the_offset() {
        // given: batches [0..2] [3..5] [6..8]
        open();
        fill(3, 3);
        // when
        try (ReadResult r = log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            // then
            assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
            assertThat(r.slice().firstOffset()).isEqualTo(3);
            assertThat(r.slice().lastOffset()).isEqualTo(8);
            assertThat(TestBatches.baseOffsets(r.slice().readAll())).containsExactly(3L, 6L);
            assertThat(r.logStartOffset()).isEqualTo(0);
            assertThat(r.logEndOffset()).isEqualTo(9);
        }
    }

    @Test
    void max_bytes_keeps_only_the_whole_batches_that_fit() {
        // given
        open();
        int batchSize = fill(5, 2).get(0).sizeInBytes();
        // when: room for two and a half batches
        try (ReadResult r = log.read(0, batchSize * 5 / 2, Long.MAX_VALUE)) {
            // then
            assertThat(r.slice().sizeInBytes()).isEqualTo(2 * batchSize);
            assertThat(TestBatches.baseOffsets(r.slice().readAll())).containsExactly(0L, 2L);
            assertThat(r.slice().lastOffset()).isEqualTo(3);
        }
    }

    @Test
    void max_bytes_equal_to_whole_batches_includes_all_of_them() {
        // given
        open();
        int batchSize = fill(5, 2).get(0).sizeInBytes();
        // when
        try (ReadResult exact = log.read(0, 3 * batchSize, Long.MAX_VALUE);
                ReadResult oneShort = log.read(0, 3 * batchSize - 1, Long.MAX_VALUE)) {
            // then
            assertThat(exact.slice().sizeInBytes()).isEqualTo(3 * batchSize);
            assertThat(oneShort.slice().sizeInBytes()).isEqualTo(2 * batchSize);
        }
    }

    @Test
    void the_first_batch_is_returned_whole_even_when_larger_than_max_bytes() {
        // given
        open();
        int batchSize = fill(3, 5).get(0).sizeInBytes();
        // when
        try (ReadResult tiny = log.read(7, 10, Long.MAX_VALUE); ReadResult zero = log.read(7, 0, Long.MAX_VALUE)) {
            // then
            assertThat(tiny.slice().sizeInBytes()).isEqualTo(batchSize);
            assertThat(tiny.slice().firstOffset()).isEqualTo(5);
            assertThat(tiny.slice().lastOffset()).isEqualTo(9);
            assertThat(zero.slice().sizeInBytes()).isEqualTo(batchSize);
        }
    }

    @Test
    void max_offset_is_an_exclusive_bound_on_the_last_offset_of_each_batch() {
        // given: batches [0..2] [3..5] [6..8]
        open();
        fill(3, 3);
        // when / then: bound at a batch boundary includes the batch that ends just below it
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, 6)) {
            assertThat(TestBatches.baseOffsets(r.slice().readAll())).containsExactly(0L, 3L);
            assertThat(r.slice().lastOffset()).isEqualTo(5);
        }
        // bound inside a batch excludes that batch
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, 5)) {
            assertThat(TestBatches.baseOffsets(r.slice().readAll())).containsExactly(0L);
        }
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, 3)) {
            assertThat(TestBatches.baseOffsets(r.slice().readAll())).containsExactly(0L);
        }
    }

    @Test
    void a_bound_inside_the_first_batch_gives_no_data() {
        // given
        open();
        fill(3, 3);
        // when
        try (ReadResult inside = log.read(0, Integer.MAX_VALUE, 2); ReadResult fromMiddle = log.read(4, Integer.MAX_VALUE, 5)) {
            // then
            assertThat(inside.status()).isEqualTo(ReadResult.Status.NO_DATA);
            assertThat(inside.slice()).isNull();
            assertThat(fromMiddle.status()).isEqualTo(ReadResult.Status.NO_DATA);
        }
    }

    @Test
    void reading_at_the_bound_gives_no_data() {
        // given
        open();
        fill(3, 3);
        // when
        try (ReadResult r = log.read(3, Integer.MAX_VALUE, 3); ReadResult above = log.read(6, Integer.MAX_VALUE, 3)) {
            // then
            assertThat(r.status()).isEqualTo(ReadResult.Status.NO_DATA);
            assertThat(above.status()).isEqualTo(ReadResult.Status.NO_DATA);
        }
    }

    @Test
    void reading_at_the_log_end_gives_no_data_with_the_log_bounds() {
        // given
        open();
        fill(2, 3);
        // when
        try (ReadResult r = log.read(6, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            // then
            assertThat(r.status()).isEqualTo(ReadResult.Status.NO_DATA);
            assertThat(r.logStartOffset()).isEqualTo(0);
            assertThat(r.logEndOffset()).isEqualTo(6);
        }
    }

    @Test
    void an_empty_log_has_no_data_at_zero() {
        // given
        open();
        // when
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            // then
            assertThat(r.status()).isEqualTo(ReadResult.Status.NO_DATA);
        }
    }

    @Test
    void offsets_below_the_start_or_above_the_end_are_out_of_range() {
        // given: a log that starts at 10 and ends at 16
        open();
        log.truncateFullyAndStartAt(10);
        fill(2, 3);
        // when / then
        for (long offset : new long[] {-1, 0, 9, 17, 1000}) {
            try (ReadResult r = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE)) {
                assertThat(r.status()).as("offset %d", offset).isEqualTo(ReadResult.Status.OFFSET_OUT_OF_RANGE);
                assertThat(r.slice()).isNull();
                assertThat(r.logStartOffset()).isEqualTo(10);
                assertThat(r.logEndOffset()).isEqualTo(16);
            }
        }
        try (ReadResult r = log.read(10, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
        }
    }

    @Test
    void a_read_returns_batches_of_one_segment_and_the_next_read_continues_in_the_next_segment() {
        // given: small segments
        open(LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(128));
        fill(40, 2);
        assertThat(log.segmentCount()).isGreaterThan(3);
        // when: reading with no byte limit
        List<Long> sliceEnds = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        long next = 0;
        while (next < log.logEndOffset()) {
            try (ReadResult r = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE)) {
                assertThat(r.slice().firstOffset()).isEqualTo(next);
                offsets.addAll(TestBatches.recordOffsets(r.slice().readAll()));
                sliceEnds.add(r.slice().lastOffset() + 1);
                next = r.slice().lastOffset() + 1;
            }
        }
        // then: one slice per segment, ending where the next segment starts, all offsets once
        assertThat(sliceEnds).hasSize(log.segmentCount());
        List<Long> segmentBases = LogDirs.segments(dir).stream()
                .map(p -> Long.parseLong(p.getFileName().toString().substring(0, 20))).toList();
        assertThat(sliceEnds.subList(0, sliceEnds.size() - 1)).isEqualTo(segmentBases.subList(1, segmentBases.size()));
        assertThat(offsets).isEqualTo(LongStream.range(0, 80).boxed().toList());
    }

    @Test
    void transfer_to_a_file_channel_gives_the_bytes_of_read_all() throws IOException {
        // given
        open();
        fill(10, 3);
        Path target = scratch.resolve("out");
        try (ReadResult r = log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ)) {
            LogSlice slice = r.slice();
            // when
            long done = 0;
            while (done < slice.sizeInBytes()) {
                done += slice.transferTo(out, done, slice.sizeInBytes() - done);
            }
            // then
            ByteBuffer copied = ByteBuffer.allocate((int) out.size());
            out.read(copied, 0);
            assertThat(copied.flip()).isEqualTo(slice.readAll());
            assertThat(done).isEqualTo(slice.sizeInBytes());
        }
    }

    @Test
    void transfer_to_in_pieces_from_a_position_gives_the_bytes_of_read_all() throws IOException {
        // given
        open();
        fill(10, 3);
        Path target = scratch.resolve("pieces");
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ)) {
            LogSlice slice = r.slice();
            // when: 100 bytes at a time, asking for more than is left at the end
            long done = 0;
            while (done < slice.sizeInBytes()) {
                done += slice.transferTo(out, done, 100);
            }
            long pastEnd = slice.transferTo(out, slice.sizeInBytes(), 100);
            // then
            ByteBuffer copied = ByteBuffer.allocate((int) out.size());
            out.read(copied, 0);
            assertThat(copied.flip()).isEqualTo(slice.readAll());
            assertThat(pastEnd).isZero();
            assertThatThrownBy(() -> slice.transferTo(out, slice.sizeInBytes() + 1L, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void transfer_to_a_pipe_gives_the_bytes_of_read_all() throws Exception {
        // given: a slice larger than a pipe's buffer, drained by another thread
        open();
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(batch(5, i, 1000), 1);
        }
        try (ReadResult r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE)) {
            LogSlice slice = r.slice();
            assertThat(slice.sizeInBytes()).isGreaterThan(128 * 1024);
            Pipe pipe = Pipe.open();
            CompletableFuture<ByteBuffer> drained = CompletableFuture.supplyAsync(() -> {
                ByteBuffer got = ByteBuffer.allocate(slice.sizeInBytes());
                try (Pipe.SourceChannel source = pipe.source()) {
                    while (got.hasRemaining() && source.read(got) >= 0) {
                        // keep reading
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return got.flip();
            });
            // when
            try (Pipe.SinkChannel sink = pipe.sink()) {
                long done = 0;
                while (done < slice.sizeInBytes()) {
                    done += slice.transferTo(sink, done, slice.sizeInBytes() - done);
                }
            }
            // then
            assertThat(drained.get(30, TimeUnit.SECONDS)).isEqualTo(slice.readAll());
        }
    }

    @Test
    void closing_a_slice_or_result_twice_is_harmless_and_a_closed_slice_cannot_be_read() {
        // given
        open();
        fill(2, 3);
        ReadResult r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
        LogSlice slice = r.slice();
        // when
        slice.close();
        slice.close();
        r.close();
        // then
        assertThatThrownBy(slice::readAll).isInstanceOf(IllegalStateException.class);
        // and the log is unaffected
        assertThat(TestBatches.recordOffsets(TestBatches.readAll(log))).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void compressed_batches_are_stored_and_read_back_unchanged(CompressionType codec) {
        // given
        open();
        ByteBuffer first = TestBatches.compressed(codec, 20, 5000);
        ByteBuffer second = TestBatches.compressed(codec, 7, 6000);
        // when
        log.appendAsLeader(first, 3);
        log.appendAsLeader(second, 3);
        // then
        ByteBuffer read = TestBatches.readAll(log);
        assertThat(read).isEqualTo(TestBatches.concat(first.rewind(), second.rewind()));
        List<RecordBatch> batches = TestBatches.parse(read);
        assertThat(batches).extracting(RecordBatch::compression).containsOnly(codec);
        RecordCursor cursor = batches.get(1).records();
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.offset()).isEqualTo(20);
        assertThat(new String(cursor.valueBytes(), StandardCharsets.UTF_8)).startsWith("value-0-");
        assertThat(log.offsetForTimestamp(6003, Long.MAX_VALUE)).isEqualTo(new TimestampLookup(23, 6003));
    }
}
