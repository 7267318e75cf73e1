package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.PartitionLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the golden checkpoint files of {@code src/test/resources/golden} (see its README). */
class CheckpointGoldenFileTest {

    @TempDir Path dir;

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = CheckpointGoldenFileTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void the_version_1_recovery_point_reads_and_is_written_byte_for_byte() throws Exception {
        // given
        byte[] golden = golden("recovery-point-v1.bin");
        Files.write(dir.resolve("recovery-point"), golden);
        // when
        RecoveryCheckpoint.State state = new RecoveryCheckpoint(dir).read();
        // then
        assertThat(state).isEqualTo(new RecoveryCheckpoint.State(1234, true, 1000, 4567));
        Path out = Files.createDirectory(dir.resolve("out"));
        new RecoveryCheckpoint(out).write(state);
        assertThat(Files.readAllBytes(out.resolve("recovery-point"))).isEqualTo(golden);
    }

    @Test
    void the_version_1_term_index_reads_and_is_written_byte_for_byte() throws Exception {
        // given
        byte[] golden = golden("term-index-v1.bin");
        Files.write(dir.resolve("term-index"), golden);
        TermIndex terms = new TermIndex(dir);
        // when
        boolean loaded = terms.load();
        // then
        assertThat(loaded).isTrue();
        assertThat(terms.size()).isEqualTo(3);
        assertThat(new int[] {terms.termAtIndex(0), terms.termAtIndex(1), terms.termAtIndex(2)}).containsExactly(2, 5, 9);
        assertThat(new long[] {terms.startAtIndex(0), terms.startAtIndex(1), terms.startAtIndex(2)}).containsExactly(0, 100, 2500);
        assertThat(terms.termBeforeStart()).isEqualTo(1);
        assertThat(terms.termBeforeStart()).isNotEqualTo(PartitionLog.NO_TERM);

        Path out = Files.createDirectory(dir.resolve("out"));
        TermIndex copy = new TermIndex(out);
        copy.clear(1);
        copy.assign(2, 0);
        copy.assign(5, 100);
        copy.assign(9, 2500);
        copy.persistIfDirty();
        assertThat(Files.readAllBytes(out.resolve("term-index"))).isEqualTo(golden);
    }
}
