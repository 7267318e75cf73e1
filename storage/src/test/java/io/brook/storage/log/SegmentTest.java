package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.LogDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTest {

    @TempDir Path dir;

    private Segments factory;

    @BeforeEach
    void create() {
        factory = new Segments(dir);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void find_batch_gives_the_position_of_the_batch_holding_each_offset() throws IOException {
        // given: 20 batches of 3 records at 100, indexed every 128 bytes
        Segment s = factory.create(100, 20, 3, 0);
        List<Integer> positions = LogDirs.batchPositions(s.logPath());
        BatchHeaderReader reader = new BatchHeaderReader();
        assertThat(s.offsetIndex().entries()).isGreaterThan(5);
        // when / then
        for (long offset = 100; offset < 160; offset++) {
            int expected = positions.get((int) (offset - 100) / 3);
            assertThat(s.findBatch(offset, s.size(), reader)).as("offset %d", offset).isEqualTo(expected);
            assertThat(reader.view().baseOffset()).isEqualTo(100 + (offset - 100) / 3 * 3);
        }
        assertThat(s.findBatch(160, s.size(), reader)).isEqualTo(-1);
        assertThat(s.findBatch(50, s.size(), reader)).isEqualTo(SegmentFile.HEADER_SIZE);
    }

    @Test
    void find_batch_does_not_look_past_the_limit() throws IOException {
        // given
        Segment s = factory.create(0, 5, 3, 0);
        List<Integer> positions = LogDirs.batchPositions(s.logPath());
        BatchHeaderReader reader = new BatchHeaderReader();
        // when / then: the fourth batch ends after the limit
        assertThat(s.findBatch(9, positions.get(3) + 10, reader)).isEqualTo(-1);
        assertThat(s.findBatch(8, positions.get(3), reader)).isEqualTo(positions.get(2));
    }

    @Test
    void the_tail_and_largest_timestamp_follow_the_appends() {
        // given
        Segment s = factory.create(0, 0, 0, 0);
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.maxTimestamp()).isEqualTo(Long.MIN_VALUE);
        // when
        Segments.append(s, 0, 3, 500);
        Segments.append(s, 3, 2, 100);
        // then
        assertThat(s.nextOffset()).isEqualTo(5);
        assertThat(s.size()).isEqualTo((int) s.fileSize());
        assertThat(s.maxTimestamp()).isEqualTo(502);
        assertThat(s.isEmpty()).isFalse();
    }

    @Test
    void sealing_writes_both_index_files_and_unsealing_removes_them() {
        // given
        Segment s = factory.create(0, 20, 3, 0);
        int entries = s.offsetIndex().entries();
        // when
        s.seal();
        // then
        assertThat(s.isSealed()).isTrue();
        assertThat(SegmentFile.indexPath(dir, 0)).exists();
        assertThat(SegmentFile.timeIndexPath(dir, 0)).exists();
        assertThat(OffsetIndex.load(SegmentFile.indexPath(dir, 0), 0).entries()).isEqualTo(entries);
        assertThat(TimeIndex.load(SegmentFile.timeIndexPath(dir, 0), 0).lastTimestamp()).isEqualTo(2);
        // and back
        s.unseal();
        assertThat(s.isSealed()).isFalse();
        assertThat(SegmentFile.indexPath(dir, 0)).doesNotExist();
        assertThat(s.offsetIndex().entries()).isEqualTo(entries);
    }

    @Test
    void truncation_cuts_the_file_and_rebuilds_the_indexes() throws IOException {
        // given
        Segment s = factory.create(0, 20, 3, 0);
        Segments.append(s, 60, 1, 9999);
        List<Integer> positions = LogDirs.batchPositions(s.logPath());
        // when: keep 10 batches
        s.truncate(positions.get(10), 30, Segments.INDEX_INTERVAL);
        // then
        assertThat(s.fileSize()).isEqualTo((long) positions.get(10));
        assertThat(s.nextOffset()).isEqualTo(30);
        assertThat(s.maxTimestamp()).isEqualTo(2);
        assertThat(s.offsetIndex().isConsistent(s.fileSize())).isTrue();
        assertThat(s.offsetIndex().lastPosition()).isLessThan(positions.get(10));
        BatchHeaderReader reader = new BatchHeaderReader();
        assertThat(s.findBatch(29, s.size(), reader)).isEqualTo(positions.get(9));
        assertThat(s.findBatch(30, s.size(), reader)).isEqualTo(-1);
    }

    @Test
    void a_deleted_segment_keeps_its_file_until_the_last_reader_lets_go() {
        // given: a reader holds the segment
        Segment s = factory.create(0, 3, 3, 0);
        s.seal();
        assertThat(s.retain()).isTrue();
        // when
        s.markDeletedAndRelease();
        // then: the name is free and the index files are gone, the data still readable
        assertThat(s.logPath()).doesNotExist();
        assertThat(SegmentFile.indexPath(dir, 0)).doesNotExist();
        assertThat(LogDirs.files(dir, ".deleted")).hasSize(1);
        ByteBuffer header = ByteBuffer.allocate(SegmentFile.HEADER_SIZE);
        assertThat(readFully(s, header)).isEqualTo(SegmentFile.HEADER_SIZE);
        // and the last release removes the file
        s.release();
        assertThat(LogDirs.files(dir, ".deleted")).isEmpty();
        assertThat(s.retain()).isFalse();
    }

    @Test
    void two_deleted_segments_with_the_same_base_offset_can_be_held_at_once() {
        // given: a reader holds a deleted segment at 0, and a new segment at 0 is deleted too
        Segment first = factory.create(0, 3, 3, 0);
        assertThat(first.retain()).isTrue();
        first.markDeletedAndRelease();
        Segment second = Segment.create(dir, 0);
        Segments.append(second, 0, 1, 0);
        assertThat(second.retain()).isTrue();
        // when
        second.markDeletedAndRelease();
        // then
        assertThat(LogDirs.files(dir, ".deleted")).hasSize(2);
        first.release();
        assertThat(LogDirs.files(dir, ".deleted")).hasSize(1);
        assertThat(readFully(second, ByteBuffer.allocate(SegmentFile.HEADER_SIZE))).isEqualTo(SegmentFile.HEADER_SIZE);
        second.release();
        assertThat(LogDirs.files(dir, ".deleted")).isEmpty();
    }

    private static int readFully(Segment s, ByteBuffer into) {
        try {
            return FileIo.readFully(s.channel(), into, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
