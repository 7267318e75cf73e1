package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.meta.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckMarkTest {

    private static final TopicPartition TP = new TopicPartition("t", 3);
    private static final String KEY = "ack/id-1/3";

    @TempDir
    Path dir;
    private LocalStore store;
    private Path logDir;

    @BeforeEach
    void open() throws Exception {
        store = LocalStore.open(dir.resolve("meta"));
        logDir = Files.createDirectories(dir.resolve("logs/t-3"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AckMark reopen(long recoveredEnd) {
        return AckMark.open(store, "id-1", TP, logDir, recoveredEnd);
    }

    /** Flushes to {@code end} as the log thread does: the value goes to the store, then becomes current. */
    private void flushTo(AckMark mark, long end) {
        byte[] v = mark.afterFlush(end);
        if (v != null) {
            store.putAll(Map.of(mark.key(), v));
            mark.written();
        }
    }

    @Test
    void the_value_is_version_end_and_flags() {
        AckMark mark = reopen(0);
        flushTo(mark, 0x0102030405L);

        assertThat(mark.key()).isEqualTo(KEY);
        assertThat(HexFormat.of().formatHex(store.get(KEY))).isEqualTo("01" + "0000000102030405" + "00");
        store.put(KEY, HexFormat.of().parseHex("01" + "0000000000000064" + "01"));
        assertThat(reopen(100)).satisfies(m -> {
            assertThat(m.end()).isEqualTo(100);
            assertThat(m.recovering()).isTrue();
        });
    }

    @Test
    void a_new_replica_starts_at_zero_and_whole() {
        AckMark mark = reopen(0);

        assertThat(mark.end()).isZero();
        assertThat(mark.recovering()).isFalse();
        assertThat(store.get(KEY)).isNull();
    }

    @Test
    void a_log_that_ends_at_or_beyond_the_mark_is_whole() {
        flushTo(reopen(0), 50);

        AckMark mark = reopen(60);

        assertThat(mark.recovering()).isFalse();
        assertThat(mark.end()).as("raised by the next flush, not at open").isEqualTo(50);
    }

    @Test
    void a_log_that_ends_below_the_mark_makes_the_replica_recovering_across_restarts() {
        flushTo(reopen(0), 50);

        assertThat(reopen(30).recovering()).isTrue();
        AckMark again = reopen(50);

        assertThat(again.recovering()).as("even once the log is long enough again").isTrue();
        assertThat(again.end()).isEqualTo(50);
    }

    @Test
    void while_recovering_the_mark_only_rises_and_recovered_clears_it() {
        flushTo(reopen(0), 50);
        AckMark mark = reopen(10);

        flushTo(mark, 20);
        assertThat(mark.end()).isEqualTo(50);
        mark.recovered(40);

        AckMark after = reopen(40);
        assertThat(after.recovering()).isFalse();
        assertThat(after.end()).isEqualTo(40);
    }

    @Test
    void a_truncation_lowers_the_mark_before_the_log_shrinks() {
        AckMark mark = reopen(0);
        flushTo(mark, 50);

        mark.lowerTo(30);
        mark.lowerTo(40);

        assertThat(reopen(30).recovering()).as("a legitimate truncation is no damage").isFalse();
        assertThat(HexFormat.of().formatHex(store.get(KEY))).isEqualTo("01" + "000000000000001e" + "00");
    }

    @Test
    void an_accept_data_loss_file_takes_a_damaged_log_as_it_is_once() throws Exception {
        flushTo(reopen(0), 50);
        assertThat(reopen(10).recovering()).isTrue();
        Files.createFile(logDir.resolve(AckMark.ACCEPT_LOSS_FILE));

        AckMark mark = reopen(10);

        assertThat(mark.recovering()).isFalse();
        assertThat(mark.end()).isEqualTo(10);
        assertThat(logDir.resolve(AckMark.ACCEPT_LOSS_FILE)).doesNotExist();
        assertThat(reopen(10).recovering()).isFalse();
    }

    @Test
    void deleting_a_replica_removes_its_mark() {
        flushTo(reopen(0), 50);

        AckMark.delete(store, "id-1", 3);

        assertThat(store.get(KEY)).isNull();
    }
}
