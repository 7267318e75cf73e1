package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void replace_creates_then_replaces_the_whole_content() throws Exception {
        // given
        Path file = dir.resolve("f");
        // when
        DurableFiles.replace(file, bytes("a longer first content"));
        DurableFiles.replace(file, bytes("short"));
        // then
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes("short"));
        assertThat(DurableFiles.tmpPath(file)).doesNotExist();
    }

    @Test
    void replace_leaves_the_buffer_position_alone() {
        // given
        ByteBuffer content = ByteBuffer.wrap(bytes("xyz"));
        // when
        DurableFiles.replace(dir.resolve("f"), content);
        // then
        assertThat(content.position()).isZero();
    }

    @Test
    void replace_overwrites_a_leftover_tmp_file() throws Exception {
        // given: a crash left a longer temporary file
        Path file = dir.resolve("f");
        Files.write(DurableFiles.tmpPath(file), bytes("garbage garbage garbage"));
        // when
        DurableFiles.replace(file, bytes("new"));
        // then
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes("new"));
        assertThat(DurableFiles.tmpPath(file)).doesNotExist();
    }

    @Test
    void read_tells_an_absent_file_from_an_empty_one() throws Exception {
        // given
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        // when / then
        assertThat(DurableFiles.read(dir.resolve("absent"))).isEmpty();
        assertThat(DurableFiles.read(empty)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void create_directories_creates_every_missing_level_and_accepts_existing_ones() {
        // given
        Path deep = dir.resolve("a/b/c");
        // when
        DurableFiles.createDirectories(deep);
        DurableFiles.createDirectories(deep);
        // then
        assertThat(deep).isDirectory();
    }

    @Test
    void create_directories_refuses_a_path_that_is_a_file() throws Exception {
        // given
        Path file = Files.write(dir.resolve("plain"), bytes("x"));
        // when / then
        assertThatThrownBy(() -> DurableFiles.createDirectories(file.resolve("sub")))
                .isInstanceOf(StorageException.class).hasMessageContaining(file.toString());
    }

    @Test
    void rename_moves_a_directory_with_its_content() throws Exception {
        // given
        Path from = Files.createDirectory(dir.resolve("orders-0"));
        Files.write(from.resolve("topic.id"), bytes("id"));
        Path to = dir.resolve("orders-0.orphan-1");
        // when
        DurableFiles.rename(from, to);
        // then
        assertThat(from).doesNotExist();
        assertThat(to.resolve("topic.id")).hasContent("id");
    }

    @Test
    void a_failure_names_the_path() {
        assertThatThrownBy(() -> DurableFiles.rename(dir.resolve("missing"), dir.resolve("other")))
                .isInstanceOf(StorageException.class).hasMessageContaining("missing");
    }
}
