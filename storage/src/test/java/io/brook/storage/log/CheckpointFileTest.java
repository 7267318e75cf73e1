package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    private static final int MAGIC = 0x43484b50;
    private static final short VERSION = 3;

    @TempDir Path dir;

    private Path path;
    private CheckpointFile file;

    @BeforeEach
    void create() {
        path = dir.resolve("checkpoint");
        file = new CheckpointFile(path, MAGIC, VERSION);
    }

    private static ByteBuffer payload(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private void damage(UnaryOperator<byte[]> change) throws Exception {
        Files.write(path, change.apply(Files.readAllBytes(path)));
    }

    @Test
    void a_written_payload_reads_back() {
        // given
        ByteBuffer payload = payload("recovery point 42");
        // when
        file.write(payload);
        // then
        assertThat(file.read()).isEqualTo(payload("recovery point 42"));
        assertThat(payload.position()).isZero();
    }

    @Test
    void an_empty_payload_reads_back() {
        // when
        file.write(ByteBuffer.allocate(0));
        // then
        assertThat(file.read()).isNotNull();
        assertThat(file.read().remaining()).isZero();
    }

    @Test
    void a_second_write_replaces_the_first() {
        // given
        file.write(payload("first, and longer"));
        // when
        file.write(payload("second"));
        // then
        assertThat(file.read()).isEqualTo(payload("second"));
    }

    @Test
    void a_missing_file_reads_as_absent() {
        // when / then
        assertThat(file.read()).isNull();
    }

    @Test
    void a_file_cut_short_reads_as_absent() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> Arrays.copyOf(b, b.length - 1));
        // then
        assertThat(file.read()).isNull();
    }

    @Test
    void a_file_cut_inside_its_header_reads_as_absent() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> Arrays.copyOf(b, 7));
        // then
        assertThat(file.read()).isNull();
    }

    @Test
    void a_file_with_a_flipped_payload_byte_reads_as_absent() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> {
            b[12] ^= 1;
            return b;
        });
        // then
        assertThat(file.read()).isNull();
    }

    @Test
    void a_file_with_a_wrong_length_field_reads_as_absent() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> {
            ByteBuffer.wrap(b).putInt(6, 3);
            return b;
        });
        // then
        assertThat(file.read()).isNull();
    }

    @Test
    void a_file_of_another_kind_or_version_reads_as_absent() {
        // given
        file.write(payload("some payload"));
        // when / then
        assertThat(new CheckpointFile(path, MAGIC + 1, VERSION).read()).isNull();
        assertThat(new CheckpointFile(path, MAGIC, (short) (VERSION + 1)).read()).isNull();
    }

    @Test
    void a_tmp_file_left_by_an_interrupted_write_does_not_matter() throws Exception {
        // given: an old checkpoint and a half-written replacement
        file.write(payload("old"));
        Files.write(dir.resolve("checkpoint.tmp"), new byte[] {1, 2, 3});
        // when / then: the old content is still read
        assertThat(file.read()).isEqualTo(payload("old"));
        // and the next write succeeds and cleans it up
        file.write(payload("new"));
        assertThat(file.read()).isEqualTo(payload("new"));
        assertThat(dir.resolve("checkpoint.tmp")).doesNotExist();
    }

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
    void a_recovery_checkpoint_with_a_payload_of_the_wrong_size_reads_as_absent() {
        // given
        new CheckpointFile(dir.resolve("recovery-point"), RecoveryCheckpoint.MAGIC, RecoveryCheckpoint.VERSION)
                .write(ByteBuffer.allocate(24));
        // when / then
        assertThat(new RecoveryCheckpoint(dir).read()).isNull();
    }
}
