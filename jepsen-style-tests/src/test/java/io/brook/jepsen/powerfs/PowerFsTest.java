package io.brook.jepsen.powerfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-loss file system's semantics, on real mounts: what is fsynced survives a power loss, what
 * is not is gone, directory entries need a directory fsync, and what the broker uses (positional
 * writes, truncation, read-only mmap, transferTo, file locks) works. Skips, saying why, only where
 * FUSE cannot be mounted.
 */
class PowerFsTest {

    @TempDir
    Path tmp;

    private PowerFsMount mount;
    private Path root;

    @BeforeAll
    static void fuseCanBeMounted() {
        var reason = PowerFs.unavailableReason();
        Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
    }

    @BeforeEach
    void mount() {
        mount = PowerFsMount.mount(tmp.resolve("mnt"), tmp.resolve("powerfs.log"));
        root = mount.mountpoint();
    }

    @AfterEach
    void unmount() {
        if (mount != null) {
            mount.close();
        }
    }

    @Test
    void an_unsynced_write_is_lost() throws IOException {
        // given: a durable empty file
        Path f = durableFile("a", "");
        // when
        Files.writeString(f, "not synced", StandardOpenOption.APPEND);
        mount.powerLoss();
        // then
        assertThat(f).exists();
        assertThat(Files.readString(f)).isEmpty();
    }

    @Test
    void a_fsynced_write_survives() throws IOException {
        // given
        Path f = durableFile("a", "");
        // when
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("synced".getBytes(UTF_8)), 0);
            ch.force(true);
            ch.write(ByteBuffer.wrap("-and-not".getBytes(UTF_8)), 6);
        }
        mount.powerLoss();
        // then
        assertThat(Files.readString(f)).isEqualTo("synced");
    }

    @Test
    void a_new_file_without_a_directory_fsync_is_gone() throws IOException {
        // given
        Path f = root.resolve("new");
        // when: its data is fsynced, its directory is not
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("data".getBytes(UTF_8)));
            ch.force(true);
        }
        mount.powerLoss();
        // then
        assertThat(f).doesNotExist();
    }

    @Test
    void a_file_whose_entry_is_durable_but_data_is_not_comes_back_empty() throws IOException {
        // given: created, written, directory fsynced, file never fsynced (the 0-byte controller log)
        Path f = root.resolve("controller-1.log");
        Files.writeString(f, "entries");
        fsyncDir(root);
        // when
        mount.powerLoss();
        // then
        assertThat(f).exists();
        assertThat(Files.size(f)).isZero();
    }

    @Test
    void after_a_journal_commit_of_the_entries_unsynced_files_come_back_with_their_fsynced_size() throws IOException {
        // given: a directory tree created without any fsync, one file fsynced once then appended to
        Path dir = Files.createDirectories(root.resolve("controller").resolve("raft"));
        Path log = dir.resolve("controller-1.log");
        Files.writeString(log, "never synced");
        Path meta = root.resolve("meta.properties");
        try (FileChannel ch = FileChannel.open(meta, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("v1".getBytes(UTF_8)));
            ch.force(true);
            ch.write(ByteBuffer.wrap("-more".getBytes(UTF_8)));
        }
        // when
        mount.commitEntries();
        mount.powerLoss();
        // then
        assertThat(log).exists();
        assertThat(Files.size(log)).isZero();
        assertThat(Files.readString(meta)).isEqualTo("v1");
    }

    @Test
    void a_rename_without_a_directory_fsync_is_reverted() throws IOException {
        // given
        Path from = durableFile("tmp", "v1");
        // when
        Files.move(from, root.resolve("final"), StandardCopyOption.ATOMIC_MOVE);
        mount.powerLoss();
        // then
        assertThat(root.resolve("final")).doesNotExist();
        assertThat(Files.readString(from)).isEqualTo("v1");
    }

    @Test
    void a_rename_with_a_directory_fsync_is_kept_and_replaces_the_target() throws IOException {
        // given: the write-temp-then-rename pattern of a checkpoint file
        durableFile("checkpoint", "old");
        Path tmpFile = root.resolve("checkpoint.tmp");
        try (FileChannel ch = FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("new".getBytes(UTF_8)));
            ch.force(true);
        }
        // when
        Files.move(tmpFile, root.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(root);
        mount.powerLoss();
        // then
        assertThat(Files.readString(root.resolve("checkpoint"))).isEqualTo("new");
        assertThat(tmpFile).doesNotExist();
    }

    @Test
    void an_unsynced_truncation_is_undone_and_a_synced_one_is_kept() throws IOException {
        // given: 3 pages and a bit, durable
        byte[] data = pattern(3 * 4096 + 100);
        Path a = durableFile("a", "");
        Path b = durableFile("b", "");
        for (Path f : new Path[] {a, b}) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(data), 0);
                ch.force(true);
            }
        }
        // when: a is cut without fsync, b is cut and fsynced
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.WRITE)) {
            ch.truncate(5000);
        }
        try (FileChannel ch = FileChannel.open(b, StandardOpenOption.WRITE)) {
            ch.truncate(5000);
            ch.force(true);
        }
        mount.powerLoss();
        // then
        assertThat(Files.readAllBytes(a)).isEqualTo(data);
        assertThat(Files.readAllBytes(b)).isEqualTo(Arrays.copyOf(data, 5000));
    }

    @Test
    void a_truncated_range_reads_as_zeros_when_the_file_grows_again() throws IOException {
        // given
        Path f = durableFile("a", "");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(pattern(8192)), 0);
            ch.force(true);
            // when
            ch.truncate(100);
            ch.write(ByteBuffer.wrap(new byte[] {7}), 8191);
        }
        // then
        byte[] read = Files.readAllBytes(f);
        byte[] expected = new byte[8192];
        System.arraycopy(pattern(100), 0, expected, 0, 100);
        expected[8191] = 7;
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void a_new_directory_needs_its_parent_fsynced() throws IOException {
        // given: a directory with a durable file in it, the directory itself fsynced but not its parent
        Path dir = Files.createDirectory(root.resolve("logs"));
        Path f = dir.resolve("topic.id");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("id".getBytes(UTF_8)));
            ch.force(true);
        }
        fsyncDir(dir);
        Path kept = Files.createDirectory(root.resolve("kept"));
        // when: only the second directory's parent entry is made durable
        fsyncDir(root);
        Files.delete(kept.getParent().resolve("kept"));
        mount.powerLoss();
        // then: logs was in root when root was fsynced, so both come back; a later unsynced rmdir is undone
        assertThat(Files.readString(f)).isEqualTo("id");
        assertThat(kept).isDirectory();
        // and a directory created after the last fsync of its parent is gone with everything in it
        Path late = Files.createDirectory(root.resolve("late"));
        durableFileIn(late, "x", "y");
        mount.powerLoss();
        assertThat(late).doesNotExist();
    }

    @Test
    void a_remount_keeps_the_current_state() throws IOException {
        // given
        Path f = root.resolve("a");
        Files.writeString(f, "unsynced");
        // when
        mount.remount();
        // then
        assertThat(Files.readString(f)).isEqualTo("unsynced");
    }

    @Test
    void mmap_transfer_to_and_locks_work() throws IOException {
        // given
        byte[] data = pattern(10_000);
        Path f = durableFile("index", "");
        Files.write(f, data);
        Path copy = root.resolve("copy");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            // when
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, data.length);
            byte[] mapped = new byte[data.length];
            map.get(mapped);
            long moved = 0;
            while (moved < data.length) {
                moved += ch.transferTo(moved, data.length - moved, out);
            }
            // then
            assertThat(lock).isNotNull();
            assertThat(mapped).isEqualTo(data);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);
    }

    @Test
    void the_durable_state_is_kept_over_many_power_losses() throws IOException {
        // given
        Path f = durableFile("log", "");
        StringBuilder expected = new StringBuilder();
        // when: append, fsync, append more, power loss; ten times
        for (int i = 0; i < 10; i++) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(("s" + i).getBytes(UTF_8)));
                ch.force(false);
                ch.write(ByteBuffer.wrap(("u" + i).getBytes(UTF_8)));
            }
            expected.append("s").append(i);
            mount.powerLoss();
        }
        // then
        assertThat(Files.readString(f)).isEqualTo(expected.toString());
        assertThat(mount.powerLosses()).isEqualTo(10);
    }

    private Path durableFile(String name, String content) throws IOException {
        return durableFileIn(root, name, content);
    }

    /** A file created, written and fsynced, with its directory fsynced: it survives a power loss. */
    static Path durableFileIn(Path dir, String name, String content) throws IOException {
        Path f = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content.getBytes(UTF_8)));
            ch.force(true);
        }
        fsyncDir(dir);
        return f;
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 4096);
        }
        return b;
    }
}
