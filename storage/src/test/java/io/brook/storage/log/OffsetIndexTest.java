package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {

    private static final long BASE = 500;

    @TempDir Path dir;

    private OffsetIndex index;

    @BeforeEach
    void create() {
        index = OffsetIndex.create(SegmentFile.indexPath(dir, BASE), BASE);
    }

    /** Entries for batches at offsets 510, 520, 530 and positions 100, 200, 300. */
    private void threeEntries() {
        index.append(BASE + 10, 100);
        index.append(BASE + 20, 200);
        index.append(BASE + 30, 300);
    }

    @Test
    void an_empty_index_finds_nothing() {
        // when / then
        assertThat(index.floorPosition(BASE + 100)).isEqualTo(-1);
        assertThat(index.floorEntryByPosition(1000)).isEqualTo(-1L);
        assertThat(index.lastPosition()).isEqualTo(-1);
        assertThat(index.entries()).isZero();
    }

    @Test
    void floor_position_finds_the_last_entry_at_or_below_the_offset() {
        // given
        threeEntries();
        // when / then
        assertThat(index.floorPosition(BASE)).isEqualTo(-1);
        assertThat(index.floorPosition(BASE + 9)).isEqualTo(-1);
        assertThat(index.floorPosition(BASE + 10)).isEqualTo(100);
        assertThat(index.floorPosition(BASE + 19)).isEqualTo(100);
        assertThat(index.floorPosition(BASE + 20)).isEqualTo(200);
        assertThat(index.floorPosition(BASE + 30)).isEqualTo(300);
        assertThat(index.floorPosition(BASE + 1_000_000)).isEqualTo(300);
    }

    @Test
    void floor_entry_by_position_packs_the_relative_offset_and_the_position() {
        // given
        threeEntries();
        // when / then
        assertThat(index.floorEntryByPosition(99)).isEqualTo(-1L);
        assertThat(index.floorEntryByPosition(100)).isEqualTo((10L << 32) | 100);
        assertThat(index.floorEntryByPosition(299)).isEqualTo((20L << 32) | 200);
        assertThat(index.floorEntryByPosition(Integer.MAX_VALUE)).isEqualTo((30L << 32) | 300);
        assertThat(index.lastPosition()).isEqualTo(300);
    }

    @Test
    void an_index_of_rising_entries_inside_the_file_is_consistent() {
        // given
        threeEntries();
        // when / then
        assertThat(index.isConsistent(301)).isTrue();
        assertThat(OffsetIndex.create(SegmentFile.indexPath(dir, 1), 1).isConsistent(SegmentFile.HEADER_SIZE)).isTrue();
    }

    @Test
    void an_entry_at_or_past_the_end_of_the_file_is_inconsistent() {
        // given
        threeEntries();
        // when / then
        assertThat(index.isConsistent(300)).isFalse();
    }

    @Test
    void an_entry_inside_the_segment_header_is_inconsistent() {
        // given
        index.append(BASE + 1, SegmentFile.HEADER_SIZE - 1);
        // when / then
        assertThat(index.isConsistent(1000)).isFalse();
    }

    @Test
    void offsets_that_do_not_rise_are_inconsistent() {
        // given
        index.append(BASE + 10, 100);
        index.append(BASE + 10, 200);
        // when / then
        assertThat(index.isConsistent(1000)).isFalse();
    }

    @Test
    void positions_that_do_not_rise_are_inconsistent() {
        // given
        index.append(BASE + 10, 200);
        index.append(BASE + 20, 200);
        // when / then
        assertThat(index.isConsistent(1000)).isFalse();
    }

    @Test
    void a_written_index_loads_with_the_same_lookups() {
        // given
        threeEntries();
        index.file().writeAndMap();
        // when
        OffsetIndex loaded = OffsetIndex.load(SegmentFile.indexPath(dir, BASE), BASE);
        // then
        assertThat(loaded.entries()).isEqualTo(3);
        assertThat(loaded.floorPosition(BASE + 25)).isEqualTo(200);
        assertThat(OffsetIndex.load(SegmentFile.indexPath(dir, BASE), BASE + 1)).isNull();
        assertThat(TimeIndex.load(SegmentFile.indexPath(dir, BASE), BASE)).isNull();
    }
}
