package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.ChecksummedFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryCheckpointTest {

    @TempDir Path dir;

    @Test
    void the_recovery_checkpoint_round_trips_its_state() {
        // given
        RecoveryCheckpoint cp = new RecoveryCheckpoint(dir);
        RecoveryCheckpoint.State state = new RecoveryCheckpoint.State(1234, true, 1000, 4567);
        // when
        cp.write(state);
        // then
        assertThat(cp.read()).isEqualTo(state);
        cp.write(new RecoveryCheckpoint.State(5, false, 0, 0));
        assertThat(new RecoveryCheckpoint(dir).read()).isEqualTo(new RecoveryCheckpoint.State(5, false, 0, 0));
    }

    @Test
    void a_missing_checkpoint_reads_as_none() {
        assertThat(new RecoveryCheckpoint(dir).read()).isNull();
    }

    @Test
    void a_damaged_checkpoint_reads_as_none_so_that_recovery_scans_everything() throws Exception {
        // given
        new RecoveryCheckpoint(dir).write(new RecoveryCheckpoint.State(1234, true, 1000, 4567));
        Path file = dir.resolve("recovery-point");
        byte[] bytes = Files.readAllBytes(file);
        bytes[12] ^= 0x40;
        Files.write(file, bytes);
        // when / then
        assertThat(new RecoveryCheckpoint(dir).read()).isNull();
    }

    @Test
    void an_empty_checkpoint_reads_as_none() throws Exception {
        // given
        Files.write(dir.resolve("recovery-point"), new byte[0]);
        // when / then
        assertThat(new RecoveryCheckpoint(dir).read()).isNull();
    }

    @Test
    void a_recovery_checkpoint_with_a_payload_of_the_wrong_size_reads_as_none() {
        // given
        new ChecksummedFile(dir.resolve("recovery-point"), RecoveryCheckpoint.MAGIC, RecoveryCheckpoint.VERSION)
                .write(ByteBuffer.allocate(24));
        // when / then
        assertThat(new RecoveryCheckpoint(dir).read()).isNull();
    }
}
