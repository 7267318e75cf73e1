package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {

    private static final long BASE = 500;

    @TempDir Path dir;

    private TimeIndex index;

    @BeforeEach
    void create() {
        index = TimeIndex.create(SegmentFile.timeIndexPath(dir, BASE), BASE);
    }

    /** Writes an entry without the checks of {@link TimeIndex#maybeAppend}. */
    private void rawAppend(long timestamp, int relativeOffset) {
        ByteBuffer slot = index.file().slotForAppend();
        int at = index.entries() * TimeIndex.ENTRY_SIZE;
        slot.putLong(at, timestamp);
        slot.putInt(at + 8, relativeOffset);
        index.file().publish();
    }

    @Test
    void an_empty_index_has_no_last_entry_and_scans_from_the_segment_start() {
        // when / then
        assertThat(index.lastTimestamp()).isEqualTo(Long.MIN_VALUE);
        assertThat(index.lastOffset()).isEqualTo(-1);
        assertThat(index.scanStartFor(12345)).isEqualTo(BASE);
    }

    @Test
    void only_a_larger_timestamp_adds_an_entry() {
        // given
        index.maybeAppend(100, BASE + 1);
        // when
        index.maybeAppend(100, BASE + 2);
        index.maybeAppend(90, BASE + 3);
        index.maybeAppend(200, BASE + 4);
        // then
        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lastTimestamp()).isEqualTo(200);
        assertThat(index.lastOffset()).isEqualTo(BASE + 4);
    }

    @Test
    void the_first_entry_is_added_whatever_its_timestamp() {
        // when
        index.maybeAppend(Long.MIN_VALUE + 1, BASE);
        // then
        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void a_scan_starts_at_the_last_entry_below_the_timestamp() {
        // given: (100 at +1) (200 at +5) (300 at +9)
        index.maybeAppend(100, BASE + 1);
        index.maybeAppend(200, BASE + 5);
        index.maybeAppend(300, BASE + 9);
        // when / then
        assertThat(index.scanStartFor(50)).isEqualTo(BASE);
        assertThat(index.scanStartFor(100)).isEqualTo(BASE);
        assertThat(index.scanStartFor(101)).isEqualTo(BASE + 1);
        assertThat(index.scanStartFor(200)).isEqualTo(BASE + 1);
        assertThat(index.scanStartFor(250)).isEqualTo(BASE + 5);
        assertThat(index.scanStartFor(301)).isEqualTo(BASE + 9);
    }

    @Test
    void rising_entries_below_the_next_offset_are_consistent() {
        // given
        index.maybeAppend(100, BASE + 1);
        index.maybeAppend(200, BASE + 5);
        // when / then
        assertThat(index.isConsistent(BASE + 6)).isTrue();
        assertThat(index.isConsistent(BASE + 5)).isFalse();
    }

    @Test
    void timestamps_that_do_not_rise_are_inconsistent() {
        // given
        rawAppend(100, 1);
        rawAppend(100, 2);
        // when / then
        assertThat(index.isConsistent(BASE + 10)).isFalse();
    }

    @Test
    void offsets_that_go_back_are_inconsistent() {
        // given
        rawAppend(100, 5);
        rawAppend(200, 4);
        // when / then
        assertThat(index.isConsistent(BASE + 10)).isFalse();
    }

    @Test
    void a_written_index_loads_with_the_same_lookups() {
        // given
        index.maybeAppend(100, BASE + 1);
        index.maybeAppend(200, BASE + 5);
        index.file().writeAndMap();
        // when
        TimeIndex loaded = TimeIndex.load(SegmentFile.timeIndexPath(dir, BASE), BASE);
        // then
        assertThat(loaded.entries()).isEqualTo(2);
        assertThat(loaded.scanStartFor(150)).isEqualTo(BASE + 1);
        assertThat(loaded.lastTimestamp()).isEqualTo(200);
        assertThat(OffsetIndex.load(SegmentFile.timeIndexPath(dir, BASE), BASE)).isNull();
    }
}
