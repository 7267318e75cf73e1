package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.DamagedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionDirectoryTest {

    private static final String ID = "3f2a8c1e-5b7d-4e90-a1c2-9d8e7f6a5b4c";
    private static final String OTHER_ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final byte[] SEGMENT = {1, 2, 3, 4};

    @TempDir Path logs;

    private Path dir() {
        return logs.resolve("orders-0");
    }

    private Path prepare() {
        return PartitionDirectory.prepare(dir(), TP, ID, () -> 42L);
    }

    /** A directory with a segment and the given topic.id bytes ({@code null}: no file). */
    private void existingDir(byte[] topicId) throws IOException {
        Files.createDirectories(dir());
        Files.write(dir().resolve("00000000000000000000.log"), SEGMENT);
        if (topicId != null) {
            Files.write(dir().resolve(TopicIdFile.NAME), topicId);
        }
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(logs)) {
            for (Path p : walk.toList()) {
                files.put(logs.relativize(p).toString(), Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    @Test
    void a_new_directory_gets_its_topic_id_before_anything_else() {
        // when
        Path dir = prepare();
        // then
        assertThat(TopicIdFile.read(dir)).isEqualTo(new TopicIdFile.Contents(TopicIdFile.Kind.CURRENT, ID));
        assertThat(dir.toFile().list()).containsExactly(TopicIdFile.NAME);
    }

    @Test
    void an_empty_topic_id_adopts_the_controllers_id_and_keeps_the_data() throws Exception {
        // given: the old non-durable write after a power loss
        existingDir(new byte[0]);
        // when
        Path dir = prepare();
        // then
        assertThat(dir).isEqualTo(dir());
        assertThat(TopicIdFile.read(dir).topicId()).isEqualTo(ID);
        assertThat(dir.resolve("00000000000000000000.log")).hasBinaryContent(SEGMENT);
        assertThat(logs.toFile().list()).containsExactly("orders-0");
    }

    @Test
    void a_missing_topic_id_adopts_the_controllers_id_and_keeps_the_data() throws Exception {
        // given
        existingDir(null);
        // when
        prepare();
        // then
        assertThat(TopicIdFile.read(dir()).topicId()).isEqualTo(ID);
        assertThat(dir().resolve("00000000000000000000.log")).hasBinaryContent(SEGMENT);
    }

    @Test
    void a_legacy_topic_id_of_this_topic_is_rewritten_in_the_current_format() throws Exception {
        // given
        existingDir(ID.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // when
        prepare();
        // then
        assertThat(TopicIdFile.read(dir())).isEqualTo(new TopicIdFile.Contents(TopicIdFile.Kind.CURRENT, ID));
        assertThat(dir().resolve("00000000000000000000.log")).hasBinaryContent(SEGMENT);
    }

    @Test
    void a_directory_of_another_topic_id_is_moved_aside_whole_and_a_fresh_one_made() throws Exception {
        // given
        existingDir(null);
        TopicIdFile.write(dir(), OTHER_ID);
        // when
        prepare();
        // then
        Path aside = logs.resolve("orders-0.orphan-42");
        assertThat(TopicIdFile.read(aside).topicId()).isEqualTo(OTHER_ID);
        assertThat(aside.resolve("00000000000000000000.log")).hasBinaryContent(SEGMENT);
        assertThat(TopicIdFile.read(dir()).topicId()).isEqualTo(ID);
        assertThat(dir().toFile().list()).containsExactly(TopicIdFile.NAME);
    }

    @Test
    void a_legacy_topic_id_of_another_topic_is_moved_aside() throws Exception {
        // given
        existingDir(OTHER_ID.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // when
        prepare();
        // then
        assertThat(logs.resolve("orders-0.orphan-42").resolve(TopicIdFile.NAME)).hasContent(OTHER_ID);
        assertThat(TopicIdFile.read(dir()).topicId()).isEqualTo(ID);
    }

    @Test
    void a_damaged_topic_id_changes_nothing_and_says_what_to_do() throws Exception {
        // given
        existingDir(null);
        TopicIdFile.write(dir(), ID);
        Path file = dir().resolve(TopicIdFile.NAME);
        byte[] b = Files.readAllBytes(file);
        b[b.length - 1] ^= 0x10;
        Files.write(file, b);
        Map<String, String> before = snapshot();
        // when
        DamagedFileException e = null;
        try {
            prepare();
        } catch (DamagedFileException thrown) {
            e = thrown;
        }
        // then
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(file.toString()).contains("CRC32C").contains("stays offline")
                .contains("nothing in " + dir() + " was changed").contains("delete topic.id and restart the broker")
                .contains(ID);
        assertThat(snapshot()).isEqualTo(before);
    }
}
