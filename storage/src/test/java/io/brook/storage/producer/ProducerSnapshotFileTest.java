package io.brook.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.DamagedFileException;
import io.brook.storage.DamagedFileException.Problem;
import io.brook.storage.ProducerEntry;
import io.brook.storage.ProducerEntry.BatchMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .producers} snapshot format: the golden file of version 1, a round trip, and every kind
 * of damage, which {@link ProducerSnapshots#loadNewest} survives by falling back to an older snapshot
 * without touching the damaged file.
 */
class ProducerSnapshotFileTest {

    private static final int M = Integer.MAX_VALUE;

    @TempDir Path dir;

    /** The state the golden file holds (see golden/README.md). */
    private static ProducerStateTable goldenState() {
        ProducerStateTable t = new ProducerStateTable();
        t.update(7, (short) 0, 0, 9, 100, 109, 1_700_000_000_000L);
        t.update(7, (short) 0, 10, 14, 200, 204, 1_700_000_000_123L);
        int[][] seqs = {{M - 47, M - 28}, {M - 27, M - 8}, {M - 7, M}, {0, 4}, {5, 9}};
        long[][] offsets = {{1000, 1019}, {1020, 1039}, {1040, 1047}, {1048, 1052}, {1053, 1057}};
        t.update(42, (short) 2, 0, 0, 900, 900, 1L);
        for (int i = 0; i < seqs.length; i++) {
            t.update(42, (short) 3, seqs[i][0], seqs[i][1], offsets[i][0], offsets[i][1], 1_700_000_000_456L);
        }
        t.updateEpoch(9_000_000_000L, (short) 1, 1_700_000_000_789L);
        return t;
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = ProducerSnapshotFileTest.class.getResourceAsStream("/golden/producer-snapshot-v1.bin")) {
            assertThat(in).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void the_version_1_golden_file_reads_field_by_field() throws Exception {
        // given
        Files.write(ProducerSnapshotFile.path(dir, 5000), golden());
        ProducerStateTable table = new ProducerStateTable();
        // when
        boolean found = ProducerSnapshotFile.read(dir, 5000, table);
        // then
        assertThat(found).isTrue();
        assertThat(table.entries()).containsExactly(
                new ProducerEntry(7, (short) 0, 1_700_000_000_123L,
                        List.of(new BatchMetadata(0, 9, 100, 109), new BatchMetadata(10, 14, 200, 204))),
                new ProducerEntry(42, (short) 3, 1_700_000_000_456L, List.of(
                        new BatchMetadata(M - 47, M - 28, 1000, 1019), new BatchMetadata(M - 27, M - 8, 1020, 1039),
                        new BatchMetadata(M - 7, M, 1040, 1047), new BatchMetadata(0, 4, 1048, 1052),
                        new BatchMetadata(5, 9, 1053, 1057))),
                new ProducerEntry(9_000_000_000L, (short) 1, 1_700_000_000_789L, List.of()));
    }

    @Test
    void todays_writer_produces_the_golden_file_byte_for_byte() throws Exception {
        // given
        ProducerStateTable table = goldenState();
        // when
        ProducerSnapshotFile.write(dir, 5000, table);
        // then
        assertThat(Files.readAllBytes(dir.resolve("00000000000000005000.producers"))).isEqualTo(golden());
    }

    @Test
    void a_written_snapshot_reads_back_equal() {
        // given
        ProducerStateTable table = goldenState();
        ProducerSnapshotFile.write(dir, 5000, table);
        ProducerStateTable back = new ProducerStateTable();
        // when
        ProducerSnapshotFile.read(dir, 5000, back);
        // then
        assertThat(back.entries()).isEqualTo(table.entries());
    }

    @Test
    void an_absent_snapshot_reads_as_absent() {
        assertThat(ProducerSnapshotFile.read(dir, 1, new ProducerStateTable())).isFalse();
    }

    @Test
    void a_flipped_byte_is_a_checksum_error() throws Exception {
        assertDamaged(flip(golden(), 40), Problem.BAD_CHECKSUM);
    }

    @Test
    void an_unknown_version_is_unsupported() throws Exception {
        byte[] b = golden();
        b[5] = 2;
        assertDamaged(b, Problem.UNSUPPORTED_VERSION);
    }

    @Test
    void a_short_file_is_truncated() throws Exception {
        assertDamaged(Arrays.copyOf(golden(), 100), Problem.TRUNCATED);
        assertDamaged(Arrays.copyOf(golden(), 3), Problem.TRUNCATED);
        assertDamaged(new byte[0], Problem.EMPTY);
    }

    @Test
    void another_kind_of_file_is_the_wrong_kind() throws Exception {
        byte[] b = golden();
        b[0] = 'X';
        assertDamaged(b, Problem.WRONG_KIND);
    }

    @Test
    void a_snapshot_under_another_offsets_name_is_bad_content() throws Exception {
        // given the golden file (offset 5000) renamed to offset 6000
        Files.write(ProducerSnapshotFile.path(dir, 6000), golden());
        // when / then
        assertThatThrownBy(() -> ProducerSnapshotFile.read(dir, 6000, new ProducerStateTable()))
                .isInstanceOfSatisfying(DamagedFileException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.BAD_CONTENT);
                    assertThat(e.getMessage()).contains("offset 5000");
                });
    }

    @Test
    void a_payload_that_contradicts_itself_is_bad_content_and_leaves_the_table_empty() {
        // given a valid envelope around a batch count of 6
        ByteBuffer payload = ByteBuffer.allocate(12 + 19).putLong(5000).putInt(1)
                .putLong(1).putShort((short) 0).putLong(0).put((byte) 6).flip();
        new io.brook.storage.ChecksummedFile(ProducerSnapshotFile.path(dir, 5000), ProducerSnapshotFile.MAGIC,
                ProducerSnapshotFile.VERSION).write(payload);
        ProducerStateTable table = new ProducerStateTable();
        // when / then
        assertThatThrownBy(() -> ProducerSnapshotFile.read(dir, 5000, table))
                .isInstanceOfSatisfying(DamagedFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_CONTENT));
        assertThat(table.size()).isZero();
    }

    @Test
    void load_newest_falls_back_past_a_damaged_snapshot_and_leaves_it_in_place() throws Exception {
        // given a good snapshot at 100 and a damaged one at 200
        ProducerStateTable older = new ProducerStateTable();
        older.update(1, (short) 0, 0, 4, 10, 14, 5);
        ProducerSnapshots snapshots = new ProducerSnapshots(dir);
        snapshots.write(100, older);
        snapshots.write(200, goldenState0());
        Path damaged = snapshots.path(200);
        byte[] bytes = flip(Files.readAllBytes(damaged), 30);
        Files.write(damaged, bytes);
        ProducerStateTable table = new ProducerStateTable();
        table.update(99, (short) 0, 0, 0, 0, 0, 0);
        // when
        ProducerSnapshots.Loaded loaded = snapshots.loadNewest(0, 1000, table);
        // then
        assertThat(loaded).isEqualTo(new ProducerSnapshots.Loaded(100, 1));
        assertThat(table.entries()).isEqualTo(older.entries());
        assertThat(Files.readAllBytes(damaged)).isEqualTo(bytes);
        assertThat(snapshots.offsets()).containsExactly(100L, 200L);
    }

    @Test
    void load_newest_only_considers_the_range_given() {
        // given snapshots at 100, 200, 300
        ProducerSnapshots snapshots = new ProducerSnapshots(dir);
        for (long o : new long[] {100, 200, 300}) {
            snapshots.write(o, new ProducerStateTable());
        }
        // when / then
        assertThat(snapshots.loadNewest(150, 250, new ProducerStateTable()).offset()).isEqualTo(200);
        assertThat(snapshots.loadNewest(201, 299, new ProducerStateTable()).offset()).isEqualTo(-1);
    }

    @Test
    void deletes_by_range_keep_the_bounds_themselves() {
        // given
        ProducerSnapshots snapshots = new ProducerSnapshots(dir);
        for (long o : new long[] {100, 200, 300, 400}) {
            snapshots.write(o, new ProducerStateTable());
        }
        // when
        int above = snapshots.deleteAbove(300);
        int below = snapshots.deleteBelow(200);
        // then
        assertThat(above).isEqualTo(1);
        assertThat(below).isEqualTo(1);
        assertThat(snapshots.offsets()).containsExactly(200L, 300L);
        assertThat(snapshots.deleteAll()).isEqualTo(2);
        assertThat(snapshots.offsets()).isEmpty();
    }

    @Test
    void file_names_are_twenty_digit_offsets() {
        assertThat(ProducerSnapshotFile.path(dir, 1234).getFileName()).hasToString("00000000000000001234.producers");
        assertThat(ProducerSnapshotFile.parseOffset("00000000000000001234.producers")).isEqualTo(1234);
        assertThat(ProducerSnapshotFile.parseOffset("00000000000000001234.producers.tmp")).isEqualTo(-1);
        assertThat(ProducerSnapshotFile.parseOffset("0000000000000000123x.producers")).isEqualTo(-1);
        assertThat(ProducerSnapshotFile.parseOffset("00000000000000001234.log")).isEqualTo(-1);
    }

    /** A table whose snapshot at 200 is valid (all batches below 200). */
    private static ProducerStateTable goldenState0() {
        ProducerStateTable t = new ProducerStateTable();
        t.update(5, (short) 1, 0, 9, 150, 159, 7);
        return t;
    }

    private void assertDamaged(byte[] content, Problem problem) throws IOException {
        Path p = ProducerSnapshotFile.path(dir, 5000);
        Files.write(p, content);
        assertThatThrownBy(() -> ProducerSnapshotFile.read(dir, 5000, new ProducerStateTable()))
                .isInstanceOfSatisfying(DamagedFileException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.file()).isEqualTo(p);
                });
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] copy = b.clone();
        copy[at] ^= 0x5a;
        return copy;
    }
}
