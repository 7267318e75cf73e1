package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.DamagedFileException.Problem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedPropertiesTest {

    @TempDir Path dir;

    private Path path;
    private ChecksummedProperties file;

    @BeforeEach
    void create() {
        path = dir.resolve("cluster.properties");
        file = new ChecksummedProperties(path, 2, 2, "golden file of io.brook.storage.ChecksummedProperties");
    }

    /** The entries of the golden file, in its order. */
    private static Map<String, String> goldenEntries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nodes", "3");
        m.put("name", "a=b:c d");
        m.put("multiline", "one\ntwo");
        m.put("unicode", "grüße");
        m.put(" leading.space", "x");
        return m;
    }

    private DamagedFileException damage() {
        try {
            file.read();
        } catch (DamagedFileException e) {
            return e;
        }
        throw new AssertionError("the file read as valid");
    }

    private void writeText(String text) throws Exception {
        Files.write(path, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void entries_round_trip_with_every_character_properties_escape() {
        // when
        file.write(goldenEntries());
        // then
        ChecksummedProperties.Content content = file.read().orElseThrow();
        assertThat(content.version()).isEqualTo(2);
        assertThat(content.entries()).isEqualTo(goldenEntries());
    }

    @Test
    void the_golden_file_reads_and_is_written_byte_for_byte() throws Exception {
        // given
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/checksummed-properties-v2.properties")) {
            golden = in.readAllBytes();
        }
        Files.write(path, golden);
        // when / then
        assertThat(file.read().orElseThrow().entries()).isEqualTo(goldenEntries());
        assertThat(file.encode(goldenEntries())).isEqualTo(golden);
    }

    @Test
    void the_file_stays_readable_text_with_the_version_first_and_the_checksum_last() throws Exception {
        // when
        file.write(Map.of("nodes", "3"));
        // then
        assertThat(Files.readAllLines(path)).hasSize(4).startsWith("# golden file of io.brook.storage.ChecksummedProperties",
                "format.version=2", "nodes=3");
        assertThat(Files.readAllLines(path).get(3)).matches("checksum\\.crc32c=[0-9a-f]{8}");
    }

    @Test
    void an_absent_file_reads_as_absent() {
        assertThat(file.read()).isEmpty();
    }

    @Test
    void an_empty_file_is_damaged() throws Exception {
        // given
        writeText("");
        // when / then
        DamagedFileException e = damage();
        assertThat(e.problem()).isEqualTo(Problem.EMPTY);
        assertThat(e.getMessage()).contains(path.toString()).contains("empty");
    }

    @Test
    void a_file_cut_before_its_checksum_line_is_truncated() throws Exception {
        // given
        file.write(goldenEntries());
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        // when
        writeText(text.substring(0, text.indexOf("checksum")));
        // then
        assertThat(damage().problem()).isEqualTo(Problem.TRUNCATED);
    }

    @Test
    void a_changed_value_fails_the_checksum() throws Exception {
        // given
        file.write(goldenEntries());
        // when
        writeText(Files.readString(path, StandardCharsets.ISO_8859_1).replace("nodes=3", "nodes=4"));
        // then
        DamagedFileException e = damage();
        assertThat(e.problem()).isEqualTo(Problem.BAD_CHECKSUM);
        assertThat(e.getMessage()).contains("checksum.crc32c");
    }

    @Test
    void a_garbled_checksum_line_fails_the_checksum() throws Exception {
        // given
        file.write(goldenEntries());
        // when
        writeText(Files.readString(path, StandardCharsets.ISO_8859_1).replaceAll("crc32c=.*", "crc32c=zz"));
        // then
        assertThat(damage().problem()).isEqualTo(Problem.BAD_CHECKSUM);
    }

    @Test
    void a_file_of_a_newer_version_is_not_read() {
        // given
        new ChecksummedProperties(path, 3, 2, "newer").write(Map.of("nodes", "3"));
        // when / then
        DamagedFileException e = damage();
        assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("format.version is 3");
    }

    @Test
    void a_file_of_a_version_before_checksums_is_read_without_one() throws Exception {
        // given: what the previous writer produced
        writeText("#Written by an older Brook\nformat.version=1\nnodes=2\n");
        // when
        ChecksummedProperties.Content content = file.read().orElseThrow();
        // then
        assertThat(content.version()).isEqualTo(1);
        assertThat(content.entries()).containsExactly(Map.entry("nodes", "2"));
    }

    @Test
    void a_file_without_a_format_version_is_damaged() throws Exception {
        // given
        writeText("nodes=2\n");
        // when / then
        DamagedFileException e = damage();
        assertThat(e.problem()).isEqualTo(Problem.BAD_CONTENT);
        assertThat(e.getMessage()).contains("no format.version");
    }

    @Test
    void the_reserved_keys_cannot_be_written_as_entries() {
        assertThatThrownBy(() -> file.write(Map.of("checksum.crc32c", "0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file.write(Map.of("format.version", "9"))).isInstanceOf(IllegalArgumentException.class);
    }
}
