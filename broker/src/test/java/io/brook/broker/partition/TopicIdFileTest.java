package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.DamagedFileException;
import io.brook.storage.DamagedFileException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicIdFileTest {

    private static final String ID = "3f2a8c1e-5b7d-4e90-a1c2-9d8e7f6a5b4c";

    @TempDir Path dir;

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = TopicIdFileTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private Path file() {
        return dir.resolve(TopicIdFile.NAME);
    }

    private Problem problemOf() {
        try {
            TopicIdFile.read(dir);
        } catch (DamagedFileException e) {
            assertThat(e.file()).isEqualTo(file());
            return e.problem();
        }
        throw new AssertionError("the file read as valid");
    }

    @Test
    void a_written_id_reads_back() {
        // when
        TopicIdFile.write(dir, ID);
        // then
        assertThat(TopicIdFile.read(dir)).isEqualTo(new TopicIdFile.Contents(TopicIdFile.Kind.CURRENT, ID));
    }

    @Test
    void the_version_1_golden_file_reads_and_is_written_byte_for_byte() throws Exception {
        // given
        Files.write(file(), golden("topic-id-v1.bin"));
        // when / then
        assertThat(TopicIdFile.read(dir)).isEqualTo(new TopicIdFile.Contents(TopicIdFile.Kind.CURRENT, ID));
        Path other = Files.createDirectory(dir.resolve("other"));
        TopicIdFile.write(other, ID);
        assertThat(Files.readAllBytes(other.resolve(TopicIdFile.NAME))).isEqualTo(golden("topic-id-v1.bin"));
    }

    @Test
    void the_legacy_plain_text_file_reads_as_legacy() throws Exception {
        // given
        Files.write(file(), golden("topic-id-legacy.txt"));
        // when / then
        assertThat(TopicIdFile.read(dir)).isEqualTo(new TopicIdFile.Contents(TopicIdFile.Kind.LEGACY, ID));
    }

    @Test
    void a_legacy_file_with_a_trailing_newline_reads_as_legacy() throws Exception {
        // given
        Files.writeString(file(), ID + "\n");
        // when / then
        assertThat(TopicIdFile.read(dir).kind()).isEqualTo(TopicIdFile.Kind.LEGACY);
    }

    @Test
    void no_file_and_an_empty_file_are_told_apart_from_damage() throws Exception {
        // when / then
        assertThat(TopicIdFile.read(dir).kind()).isEqualTo(TopicIdFile.Kind.ABSENT);
        Files.write(file(), new byte[0]);
        assertThat(TopicIdFile.read(dir).kind()).isEqualTo(TopicIdFile.Kind.EMPTY);
    }

    @Test
    void a_flipped_byte_is_damage() throws Exception {
        // given
        TopicIdFile.write(dir, ID);
        byte[] b = Files.readAllBytes(file());
        b[20] ^= 0x01;
        Files.write(file(), b);
        // when / then
        assertThat(problemOf()).isEqualTo(Problem.BAD_CHECKSUM);
    }

    @Test
    void a_cut_file_is_damage() throws Exception {
        // given
        TopicIdFile.write(dir, ID);
        byte[] b = Files.readAllBytes(file());
        Files.write(file(), java.util.Arrays.copyOf(b, b.length - 5));
        // when / then
        assertThat(problemOf()).isEqualTo(Problem.TRUNCATED);
    }

    @Test
    void text_that_is_not_a_uuid_is_damage() throws Exception {
        // given: half of a legacy id
        Files.writeString(file(), ID.substring(0, 17), StandardCharsets.US_ASCII);
        // when / then
        assertThat(problemOf()).isEqualTo(Problem.WRONG_KIND);
    }

    @Test
    void an_empty_id_is_never_written() {
        assertThatThrownBy(() -> TopicIdFile.write(dir, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
