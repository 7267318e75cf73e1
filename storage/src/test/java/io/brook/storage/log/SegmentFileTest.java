package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileTest {

    @TempDir Path dir;

    @Test
    void names_are_the_base_offset_zero_padded_to_twenty_digits() {
        // when / then
        assertThat(SegmentFile.logPath(dir, 0).getFileName().toString()).isEqualTo("00000000000000000000.log");
        assertThat(SegmentFile.indexPath(dir, 42).getFileName().toString()).isEqualTo("00000000000000000042.index");
        assertThat(SegmentFile.timeIndexPath(dir, Long.MAX_VALUE).getFileName().toString())
                .isEqualTo("09223372036854775807.timeindex");
    }

    @Test
    void names_sort_like_their_offsets() {
        // given
        List<String> names = new ArrayList<>();
        for (long offset : new long[] {5, 1_000_000, 42, 0, 999, Long.MAX_VALUE}) {
            names.add(SegmentFile.baseName(offset));
        }
        // when
        Collections.sort(names);
        // then
        assertThat(names).extracting(n -> SegmentFile.parseBaseOffset(n + SegmentFile.LOG_SUFFIX))
                .containsExactly(0L, 5L, 42L, 999L, 1_000_000L, Long.MAX_VALUE);
    }

    @Test
    void a_segment_file_name_parses_to_its_base_offset() {
        // when / then
        assertThat(SegmentFile.parseBaseOffset("00000000000000000000.log")).isZero();
        assertThat(SegmentFile.parseBaseOffset("00000000000000012345.log")).isEqualTo(12345);
        assertThat(SegmentFile.parseBaseOffset("09223372036854775807.log")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void other_names_do_not_parse() {
        // when / then
        for (String name : new String[] {"00000000000000000000.index", "00000000000000000000.log.deleted",
                "0000000000000000000.log", "000000000000000000000.log", "0000000000000000000a.log",
                "-0000000000000000001.log", "+0000000000000000001.log", "99999999999999999999.log", ".log", "recovery-point"}) {
            assertThat(SegmentFile.parseBaseOffset(name)).as(name).isEqualTo(-1);
        }
    }

    @Test
    void digits_of_other_scripts_do_not_parse() {
        // given: twenty Arabic-Indic digits, which Character.isDigit and Long.parseLong accept
        String name = "\u0660".repeat(19) + "\u0661" + ".log";
        // when / then: the segment would not be found under the name its base offset gives
        assertThat(SegmentFile.parseBaseOffset(name)).isEqualTo(-1);
    }

    private static String check(byte[] header, long baseOffset) throws Exception {
        Path tmp = Files.createTempFile("segment", ".log");
        try {
            Files.write(tmp, header);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
                return SegmentFile.checkHeader(ch, baseOffset);
            }
        } finally {
            Files.delete(tmp);
        }
    }

    private static byte[] header(long baseOffset) {
        ByteBuffer h = SegmentFile.header(baseOffset);
        byte[] bytes = new byte[h.remaining()];
        h.get(bytes);
        return bytes;
    }

    @Test
    void a_header_written_for_a_base_offset_checks_out() throws Exception {
        // given
        byte[] header = header(777);
        // when / then
        assertThat(header).hasSize(SegmentFile.HEADER_SIZE);
        assertThat(ByteBuffer.wrap(header).getInt(0)).isEqualTo(SegmentFile.MAGIC);
        assertThat(check(header, 777)).isNull();
    }

    @Test
    void a_header_of_another_base_offset_is_reported() throws Exception {
        // when / then
        assertThat(check(header(777), 778)).contains("777").contains("778");
    }

    @Test
    void a_bad_magic_is_reported() throws Exception {
        // given
        byte[] header = header(1);
        header[0] ^= 1;
        // when / then
        assertThat(check(header, 1)).contains("magic");
    }

    @Test
    void an_unknown_version_is_reported() throws Exception {
        // given
        byte[] header = header(1);
        header[5] = 9;
        // when / then
        assertThat(check(header, 1)).contains("version");
    }

    @Test
    void a_file_shorter_than_the_header_is_reported() throws Exception {
        // when / then
        assertThat(check(new byte[10], 0)).contains("shorter");
        assertThat(check(new byte[0], 0)).contains("shorter");
    }
}
