package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.DamagedFileException.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {

    private static final int MAGIC = 0x43484b50; // "CHKP"
    private static final short VERSION = 3;

    @TempDir Path dir;

    private Path path;
    private ChecksummedFile file;

    @BeforeEach
    void create() {
        path = dir.resolve("checkpoint");
        file = new ChecksummedFile(path, MAGIC, VERSION);
    }

    private static ByteBuffer payload(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private ByteBuffer readPayload() {
        return file.read().orElseThrow().payload();
    }

    private void damage(UnaryOperator<byte[]> change) throws Exception {
        Files.write(path, change.apply(Files.readAllBytes(path)));
    }

    private DamagedFileException damageOf(ChecksummedFile f) {
        try {
            f.read();
        } catch (DamagedFileException e) {
            return e;
        }
        throw new AssertionError("the file read as valid");
    }

    @Test
    void a_written_payload_reads_back_with_its_version() {
        // given
        ByteBuffer payload = payload("recovery point 42");
        // when
        file.write(payload);
        // then
        ChecksummedFile.Content content = file.read().orElseThrow();
        assertThat(content.payload()).isEqualTo(payload("recovery point 42"));
        assertThat(content.version()).isEqualTo(VERSION);
        assertThat(payload.position()).isZero();
    }

    @Test
    void an_empty_payload_reads_back() {
        // when
        file.write(ByteBuffer.allocate(0));
        // then
        assertThat(readPayload().remaining()).isZero();
    }

    @Test
    void a_second_write_replaces_the_first() {
        // given
        file.write(payload("first, and longer"));
        // when
        file.write(payload("second"));
        // then
        assertThat(readPayload()).isEqualTo(payload("second"));
    }

    @Test
    void a_missing_file_reads_as_absent_not_as_damaged() {
        // when / then
        assertThat(file.read()).isEmpty();
    }

    @Test
    void an_empty_file_is_damaged_and_says_so() throws Exception {
        // given: what a write that was never fsynced leaves after a power loss
        Files.write(path, new byte[0]);
        // when
        DamagedFileException e = damageOf(file);
        // then
        assertThat(e.problem()).isEqualTo(Problem.EMPTY);
        assertThat(e.file()).isEqualTo(path);
        assertThat(e.getMessage()).startsWith(path + " is damaged: ").contains("empty");
    }

    @Test
    void a_file_cut_short_is_truncated() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> Arrays.copyOf(b, b.length - 1));
        // then
        DamagedFileException e = damageOf(file);
        assertThat(e.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(e.getMessage()).contains("length field says 12 payload bytes but the file holds 11");
    }

    @Test
    void a_file_cut_inside_its_header_is_truncated() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> Arrays.copyOf(b, 7));
        // then
        assertThat(damageOf(file).problem()).isEqualTo(Problem.TRUNCATED);
    }

    @Test
    void a_file_with_a_flipped_payload_byte_fails_its_checksum() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> {
            b[12] ^= 1;
            return b;
        });
        // then
        DamagedFileException e = damageOf(file);
        assertThat(e.problem()).isEqualTo(Problem.BAD_CHECKSUM);
        assertThat(e.getMessage()).contains("CRC32C");
    }

    @Test
    void a_file_with_a_smaller_length_field_has_a_bad_length() throws Exception {
        // given
        file.write(payload("some payload"));
        // when
        damage(b -> {
            ByteBuffer.wrap(b).putInt(6, 3);
            return b;
        });
        // then
        assertThat(damageOf(file).problem()).isEqualTo(Problem.BAD_LENGTH);
    }

    @Test
    void a_file_of_another_kind_is_of_the_wrong_kind() {
        // given
        file.write(payload("some payload"));
        // when
        DamagedFileException e = damageOf(new ChecksummedFile(path, MAGIC + 1, VERSION));
        // then
        assertThat(e.problem()).isEqualTo(Problem.WRONG_KIND);
        assertThat(e.getMessage()).contains("0x43484b50 'CHKP'");
    }

    @Test
    void a_file_of_a_newer_version_is_not_read() {
        // given
        file.write(payload("some payload"));
        // when
        DamagedFileException e = damageOf(new ChecksummedFile(path, MAGIC, (short) (VERSION - 1)));
        // then
        assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("format version 3").contains("newer Brook");
    }

    @Test
    void a_file_of_an_older_version_is_read_with_its_version() {
        // given
        new ChecksummedFile(path, MAGIC, (short) 1).write(payload("old"));
        // when
        ChecksummedFile.Content content = file.read().orElseThrow();
        // then
        assertThat(content.version()).isEqualTo((short) 1);
        assertThat(content.payload()).isEqualTo(payload("old"));
    }

    @Test
    void advice_is_appended_to_the_message_and_keeps_the_problem() throws Exception {
        // given
        Files.write(path, new byte[0]);
        // when
        DamagedFileException e = damageOf(file).withAdvice("remove it");
        // then
        assertThat(e.getMessage()).isEqualTo(path + " is damaged: the file is empty (0 bytes); remove it");
        assertThat(e.problem()).isEqualTo(Problem.EMPTY);
    }

    @Test
    void a_tmp_file_left_by_an_interrupted_write_is_ignored_and_replaced() throws Exception {
        // given: an old file and a half-written replacement
        file.write(payload("old"));
        Path tmp = DurableFiles.tmpPath(path);
        Files.write(tmp, new byte[] {1, 2, 3});
        // when / then: the old content is still read
        assertThat(readPayload()).isEqualTo(payload("old"));
        // and the next write succeeds and leaves no temporary file
        file.write(payload("new"));
        assertThat(readPayload()).isEqualTo(payload("new"));
        assertThat(tmp).doesNotExist();
    }

    @Test
    void a_tmp_file_alone_reads_as_absent() throws Exception {
        // given: a crash before the first rename
        Files.write(DurableFiles.tmpPath(path), ChecksummedFile.encode(MAGIC, VERSION, payload("never renamed")).array());
        // when / then
        assertThat(file.read()).isEmpty();
    }

    @Test
    void version_zero_is_refused() {
        assertThatThrownBy(() -> new ChecksummedFile(path, MAGIC, (short) 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
