package io.brook.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store's RocksDB options do with a write-ahead log after a power loss: the files of a
 * store that is still open (every write synced, nothing flushed to SST files) are copied, as the
 * disk holds them at that moment, then damaged the two ways a WAL can be.
 */
class LocalStoreTest {

    @TempDir Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The files of a store holding k1..k3, copied while it is open (no clean close, no flush). */
    private Path crashedCopyWithThreeKeys() throws IOException {
        Path live = tmp.resolve("live");
        Path copy = Files.createDirectory(tmp.resolve("copy"));
        try (LocalStore store = LocalStore.open(live)) {
            for (int i = 1; i <= 3; i++) {
                store.put("k" + i, bytes("value-" + i));
            }
            try (Stream<Path> files = Files.list(live)) {
                for (Path f : files.toList()) {
                    if (!f.getFileName().toString().equals("LOCK")) {
                        Files.copy(f, copy.resolve(f.getFileName()));
                    }
                }
            }
        }
        return copy;
    }

    private static Path wal(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().matches("\\d+\\.log")).sorted().toList();
            assertThat(logs).as("WAL files in %s", dir).isNotEmpty();
            return logs.get(logs.size() - 1);
        }
    }

    @Test
    void every_synced_write_is_there_after_a_crash() throws Exception {
        // given
        Path copy = crashedCopyWithThreeKeys();
        // when / then
        try (LocalStore store = LocalStore.open(copy)) {
            assertThat(store.get("k3")).isEqualTo(bytes("value-3"));
        }
    }

    @Test
    void a_torn_last_record_is_dropped_and_the_store_opens_with_everything_before_it() throws Exception {
        // given: the last write cut short, as a power loss during its fsync leaves it
        Path copy = crashedCopyWithThreeKeys();
        Path wal = wal(copy);
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        // when
        try (LocalStore store = LocalStore.open(copy)) {
            // then
            assertThat(store.get("k1")).isEqualTo(bytes("value-1"));
            assertThat(store.get("k2")).isEqualTo(bytes("value-2"));
            assertThat(store.get("k3")).isNull();
        }
    }

    @Test
    void a_damaged_record_before_the_end_fails_the_open_instead_of_dropping_what_follows() throws Exception {
        // given: a flipped byte inside the first record (k1's), which was synced and acknowledged
        Path copy = crashedCopyWithThreeKeys();
        Path wal = wal(copy);
        byte[] b = Files.readAllBytes(wal);
        b[20] ^= 0x01;
        Files.write(wal, b);
        // when / then
        assertThatThrownBy(() -> LocalStore.open(copy).close()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(copy.toString()).hasMessageContaining("Corruption");
    }
}
