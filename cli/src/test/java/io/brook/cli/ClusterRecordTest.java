package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterRecordTest {

    private static final Path GOLDEN_DIR = Path.of("/srv/brook/cluster");
    private static final ClusterRecord GOLDEN = new ClusterRecord(GOLDEN_DIR, "1@127.0.0.1:19192,2@127.0.0.1:19193", List.of(
            new ClusterRecord.Node(1, "127.0.0.1", 19192, 4242, GOLDEN_DIR.resolve("node1"), GOLDEN_DIR.resolve("node1.log"),
                    "java -cp brook.jar io.brook.cli.Main server --broker-id 1"),
            new ClusterRecord.Node(2, "127.0.0.1", 19193, -1, GOLDEN_DIR.resolve("node2"), GOLDEN_DIR.resolve("node2.log"), "")));

    @TempDir
    Path dir;

    private static byte[] golden() throws Exception {
        try (InputStream in = ClusterRecordTest.class.getResourceAsStream("/golden/cluster-properties-v2.properties")) {
            return in.readAllBytes();
        }
    }

    private Path file() {
        return ClusterRecord.file(dir);
    }

    @Test
    void the_version_2_golden_file_reads_and_is_written_byte_for_byte() throws Exception {
        // given
        Files.write(file(), golden());
        // when
        ClusterRecord read = ClusterRecord.read(dir).orElseThrow();
        // then
        assertThat(read.voters()).isEqualTo(GOLDEN.voters());
        assertThat(read.nodes()).isEqualTo(GOLDEN.nodes());
        new ClusterRecord(dir, GOLDEN.voters(), GOLDEN.nodes()).write();
        assertThat(Files.readAllBytes(file())).isEqualTo(golden());
    }

    @Test
    void a_version_1_record_without_checksum_is_still_read() throws Exception {
        // given: what 'cluster up' wrote before the checksum (a running cluster must stay reachable)
        Files.writeString(file(), "#Written by 'brook cluster up'\nformat.version=1\nnodes=1\nvoters=1@127.0.0.1\\:1\n"
                + "node.1.address=127.0.0.1\\:1\nnode.1.pid=7\nnode.1.data=/d/node1\nnode.1.log=/d/node1.log\n", StandardCharsets.ISO_8859_1);
        // when
        ClusterRecord read = ClusterRecord.read(dir).orElseThrow();
        // then
        assertThat(read.nodes()).singleElement().satisfies(n -> assertThat(n.pid()).isEqualTo(7));
    }

    @Test
    void an_empty_record_is_an_error_that_says_what_to_do() throws Exception {
        // given: what a power loss can leave of a file written without fsync
        Files.write(file(), new byte[0]);
        // when / then
        assertThatThrownBy(() -> ClusterRecord.read(dir)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(e.getMessage()).contains(file().toString()).contains("is damaged: the file is empty")
                    .contains("delete the file").contains("same --nodes and --base-port").doesNotContain("\n");
        });
    }

    @Test
    void a_record_whose_bytes_changed_fails_its_checksum() throws Exception {
        // given
        new ClusterRecord(dir, GOLDEN.voters(), GOLDEN.nodes()).write();
        Files.writeString(file(), Files.readString(file(), StandardCharsets.ISO_8859_1).replace("pid=4242", "pid=4243"),
                StandardCharsets.ISO_8859_1);
        // when / then
        assertThatThrownBy(() -> ClusterRecord.read(dir)).isInstanceOf(CliException.class).hasMessageContaining("checksum.crc32c");
    }

    @Test
    void no_record_is_no_cluster() {
        assertThat(ClusterRecord.read(dir)).isEmpty();
    }
}
