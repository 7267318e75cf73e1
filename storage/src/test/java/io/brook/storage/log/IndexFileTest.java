package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {

    private static final int MAGIC = 0x54455354;
    private static final int ENTRY = 8;
    private static final long BASE = 1000;

    @TempDir Path dir;

    private Path path;
    private IndexFile index;

    @BeforeEach
    void create() {
        path = dir.resolve("00000000000000001000.index");
        index = new IndexFile(path, MAGIC, ENTRY, BASE);
    }

    private static void append(IndexFile f, int a, int b) {
        ByteBuffer slot = f.slotForAppend();
        int at = f.count() * ENTRY;
        slot.putInt(at, a);
        slot.putInt(at + 4, b);
        f.publish();
    }

    private static int first(IndexFile.View v, int i) {
        return v.entries().getInt(i * ENTRY);
    }

    private static int second(IndexFile.View v, int i) {
        return v.entries().getInt(i * ENTRY + 4);
    }

    @Test
    void appended_entries_are_visible_only_once_published() {
        // given
        IndexFile.View before = index.view();
        // when
        ByteBuffer slot = index.slotForAppend();
        slot.putInt(0, 7).putInt(4, 70);
        IndexFile.View unpublished = index.view();
        index.publish();
        // then
        assertThat(before.count()).isZero();
        assertThat(unpublished.count()).isZero();
        assertThat(index.count()).isEqualTo(1);
        assertThat(first(index.view(), 0)).isEqualTo(7);
        assertThat(second(index.view(), 0)).isEqualTo(70);
    }

    @Test
    void the_index_grows_past_its_initial_capacity_and_old_views_stay_valid() {
        // given
        for (int i = 0; i < 10; i++) {
            append(index, i, 10 * i);
        }
        IndexFile.View early = index.view();
        // when
        for (int i = 10; i < 1000; i++) {
            append(index, i, 10 * i);
        }
        // then
        assertThat(index.count()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(first(index.view(), i)).isEqualTo(i);
            assertThat(second(index.view(), i)).isEqualTo(10 * i);
        }
        assertThat(early.count()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(second(early, i)).isEqualTo(10 * i);
        }
    }

    @Test
    void truncation_copies_so_that_a_reader_holding_an_older_view_never_sees_an_entry_rewritten() {
        // given
        for (int i = 0; i < 10; i++) {
            append(index, i, 10 * i);
        }
        IndexFile.View held = index.view();
        // when: cut to 5 and append different entries where the old ones were
        index.truncateTo(5);
        for (int i = 5; i < 10; i++) {
            append(index, 100 + i, -1);
        }
        // then
        for (int i = 0; i < 10; i++) {
            assertThat(first(held, i)).isEqualTo(i);
            assertThat(second(held, i)).isEqualTo(10 * i);
        }
        assertThat(index.count()).isEqualTo(10);
        assertThat(first(index.view(), 4)).isEqualTo(4);
        assertThat(first(index.view(), 5)).isEqualTo(105);
    }

    @Test
    void truncating_a_heap_index_to_its_size_or_more_changes_nothing() {
        // given
        append(index, 1, 2);
        IndexFile.View view = index.view();
        // when
        index.truncateTo(1);
        index.truncateTo(5);
        // then
        assertThat(index.view()).isSameAs(view);
    }

    @Test
    void write_and_map_writes_the_header_and_entries_and_maps_them() throws Exception {
        // given
        for (int i = 0; i < 100; i++) {
            append(index, i, 10 * i);
        }
        // when
        index.writeAndMap();
        // then
        assertThat(index.isMapped()).isTrue();
        assertThat(Files.size(path)).isEqualTo(IndexFile.HEADER_SIZE + 100L * ENTRY);
        assertThat(dir.resolve(path.getFileName() + ".tmp")).doesNotExist();
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(path));
        assertThat(header.getInt(0)).isEqualTo(MAGIC);
        assertThat(header.getShort(4)).isEqualTo(IndexFile.VERSION);
        assertThat(header.getShort(6)).isEqualTo((short) ENTRY);
        assertThat(header.getLong(8)).isEqualTo(BASE);
        assertThat(second(index.view(), 99)).isEqualTo(990);
    }

    @Test
    void a_written_index_loads_back_with_the_same_entries() {
        // given
        for (int i = 0; i < 100; i++) {
            append(index, i, 10 * i);
        }
        index.writeAndMap();
        // when
        IndexFile loaded = IndexFile.load(path, MAGIC, ENTRY, BASE);
        // then
        assertThat(loaded).isNotNull();
        assertThat(loaded.isMapped()).isTrue();
        assertThat(loaded.count()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(first(loaded.view(), i)).isEqualTo(i);
            assertThat(second(loaded.view(), i)).isEqualTo(10 * i);
        }
    }

    @Test
    void an_empty_index_is_not_written() {
        // when: recovery rebuilds an index without entries from its segment anyway
        index.writeAndMap();
        // then
        assertThat(Files.exists(path)).isFalse();
        assertThat(IndexFile.load(path, MAGIC, ENTRY, BASE)).isNull();
        append(index, 1, 10);
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void an_empty_index_replaces_a_file_that_holds_entries() {
        // given: a file left by an earlier writer of the same segment
        append(index, 1, 10);
        index.writeAndMap();
        IndexFile empty = new IndexFile(path, MAGIC, ENTRY, BASE);
        // when
        empty.writeAndMap();
        // then
        IndexFile loaded = IndexFile.load(path, MAGIC, ENTRY, BASE);
        assertThat(loaded.count()).isZero();
    }

    @Test
    void appending_to_a_mapped_index_moves_it_back_to_the_heap_and_deletes_the_file() {
        // given
        append(index, 1, 10);
        index.writeAndMap();
        IndexFile.View mapped = index.view();
        // when
        append(index, 2, 20);
        // then
        assertThat(index.isMapped()).isFalse();
        assertThat(path).doesNotExist();
        assertThat(index.count()).isEqualTo(2);
        assertThat(second(index.view(), 0)).isEqualTo(10);
        assertThat(second(index.view(), 1)).isEqualTo(20);
        assertThat(mapped.count()).isEqualTo(1);
        assertThat(second(mapped, 0)).isEqualTo(10);
    }

    @Test
    void truncating_a_mapped_index_deletes_its_file_and_keeps_the_old_view_readable() {
        // given
        for (int i = 0; i < 10; i++) {
            append(index, i, 10 * i);
        }
        index.writeAndMap();
        IndexFile.View mapped = index.view();
        // when
        index.truncateTo(3);
        // then
        assertThat(path).doesNotExist();
        assertThat(index.isMapped()).isFalse();
        assertThat(index.count()).isEqualTo(3);
        assertThat(second(mapped, 9)).isEqualTo(90);
    }

    @Test
    void a_missing_file_does_not_load() {
        // when / then
        assertThat(IndexFile.load(path, MAGIC, ENTRY, BASE)).isNull();
    }

    private void assertRejectedAfter(Consumer<ByteBuffer> damage) throws Exception {
        // given
        for (int i = 0; i < 4; i++) {
            append(index, i, 10 * i);
        }
        index.writeAndMap();
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path));
        damage.accept(bytes);
        Files.write(path, Arrays.copyOf(bytes.array(), bytes.limit()));
        // when / then
        assertThat(IndexFile.load(path, MAGIC, ENTRY, BASE)).isNull();
    }

    @Test
    void a_file_with_another_magic_does_not_load() throws Exception {
        assertRejectedAfter(b -> b.putInt(0, 0x12345678));
    }

    @Test
    void a_file_with_another_version_does_not_load() throws Exception {
        assertRejectedAfter(b -> b.putShort(4, (short) 2));
    }

    @Test
    void a_file_with_another_entry_size_does_not_load() throws Exception {
        assertRejectedAfter(b -> b.putShort(6, (short) 12));
    }

    @Test
    void a_file_of_another_segment_does_not_load() throws Exception {
        assertRejectedAfter(b -> b.putLong(8, BASE + 1));
    }

    @Test
    void a_file_whose_size_is_not_a_whole_number_of_entries_does_not_load() throws Exception {
        assertRejectedAfter(b -> b.limit(b.limit() - 3));
    }

    @Test
    void a_file_shorter_than_its_header_does_not_load() throws Exception {
        assertRejectedAfter(b -> b.limit(10));
    }

    @Test
    void a_leftover_tmp_file_does_not_stop_a_write() throws Exception {
        // given
        Files.write(dir.resolve(path.getFileName() + ".tmp"), new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        append(index, 1, 10);
        // when
        index.writeAndMap();
        // then
        assertThat(IndexFile.load(path, MAGIC, ENTRY, BASE).count()).isEqualTo(1);
    }
}
