package io.brook.jepsen.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryWriterTest {

    @TempDir Path tmp;

    private static Op poll(int process, long time) {
        return new Op(-1, Op.Type.INVOKE, Op.POLL, process, time, null, null, -1, -1, List.of(), null);
    }

    @Test
    void appended_ops_read_back_with_indexes_in_append_order() throws IOException {
        // given
        Path file = tmp.resolve("history.jsonl");
        List<Op> appended = new ArrayList<>();
        // when
        try (HistoryWriter writer = HistoryWriter.create(file)) {
            appended.add(writer.append(poll(1, 10).withIndex(99)));
            appended.add(writer.append(poll(2, 20)));
        }
        // then
        assertThat(appended).extracting(Op::index).containsExactly(0L, 1L);
        assertThat(HistoryReader.read(file)).isEqualTo(appended);
    }

    @Test
    void a_gz_history_is_compressed_and_reads_back_the_same() throws IOException {
        // given the same ops written plain and compressed
        Path plain = tmp.resolve("history.jsonl");
        Path gz = tmp.resolve("history.jsonl.gz");
        List<Op> appended = new ArrayList<>();
        try (HistoryWriter p = HistoryWriter.create(plain); HistoryWriter z = HistoryWriter.create(gz)) {
            for (int i = 0; i < 2_000; i++) {
                appended.add(p.append(poll(i % 5, i * 1_000L)));
                z.append(poll(i % 5, i * 1_000L));
            }
        }
        // then the compressed one is much smaller and reads back as the same history
        assertThat(gz.getFileName().toString()).endsWith(".gz");
        assertThat(Files.size(gz)).isLessThan(Files.size(plain) / 5);
        assertThat(HistoryReader.read(gz)).isEqualTo(appended);
    }

    @Test
    void a_gz_history_cut_before_its_end_is_reported_as_incomplete() throws IOException {
        // given a compressed history whose harness died after a flush: the file lacks its gzip trailer
        Path gz = tmp.resolve("history.jsonl.gz");
        try (HistoryWriter z = HistoryWriter.create(gz)) {
            for (int i = 0; i < 100; i++) {
                z.append(poll(1, i));
            }
        }
        byte[] whole = Files.readAllBytes(gz);
        Path torn = Files.write(tmp.resolve("torn.jsonl.gz"), java.util.Arrays.copyOf(whole, whole.length - 8));
        // when / then
        assertThatThrownBy(() -> HistoryReader.read(torn)).isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("the history is incomplete");
    }

    @Test
    void concurrent_appends_all_reach_the_file_in_each_threads_order() throws Exception {
        // given
        Path file = tmp.resolve("history.jsonl");
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // when
        try (HistoryWriter writer = HistoryWriter.create(file)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int process = t;
                futures.add(pool.submit(() -> {
                    assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < perThread; i++) {
                        writer.append(poll(process, i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // then: the reader checked that indexes run 0, 1, 2, ...
        List<Op> ops = HistoryReader.read(file);
        assertThat(ops).hasSize(threads * perThread);
        Map<Integer, Long> next = new HashMap<>();
        for (Op op : ops) {
            assertThat(op.timeNanos()).as("process %d's next op", op.process()).isEqualTo(next.getOrDefault(op.process(), 0L));
            next.put(op.process(), op.timeNanos() + 1);
        }
    }

    @Test
    void buffered_ops_are_flushed_once_the_interval_has_passed() throws IOException {
        // given
        AtomicLong clock = new AtomicLong();
        CountingWriter out = new CountingWriter(new StringWriter());
        HistoryWriter writer = new HistoryWriter(out, clock::get, 100);
        int afterHeader = out.flushes;
        writer.append(poll(1, 0));
        clock.set(99);
        writer.append(poll(1, 1));
        int beforeInterval = out.flushes - afterHeader;
        // when
        clock.set(100);
        writer.append(poll(1, 2));
        // then
        assertThat(beforeInterval).isZero();
        assertThat(out.flushes - afterHeader).isEqualTo(1);
    }

    @Test
    void close_is_idempotent_and_later_appends_fail() throws IOException {
        // given
        HistoryWriter writer = HistoryWriter.create(tmp.resolve("history.jsonl"));
        // when
        writer.close();
        writer.close();
        // then
        assertThatThrownBy(() -> writer.append(poll(1, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_existing_file_is_not_overwritten() throws IOException {
        // given
        Path file = Files.writeString(tmp.resolve("history.jsonl"), "previous run");
        // when / then
        assertThatThrownBy(() -> HistoryWriter.create(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("previous run");
    }

    @Test
    void an_op_that_cannot_be_written_leaves_the_index_sequence_intact() throws IOException {
        // given
        Path file = tmp.resolve("history.jsonl");
        try (HistoryWriter writer = HistoryWriter.create(file)) {
            writer.append(poll(1, 0));
            // when
            assertThatThrownBy(() -> writer.append(poll(1, -5))).isInstanceOf(IllegalArgumentException.class);
            writer.append(poll(1, 6));
        }
        // then
        assertThat(HistoryReader.read(file)).extracting(Op::index).containsExactly(0L, 1L);
    }

    /** Counts flushes of the writer below. */
    private static final class CountingWriter extends FilterWriter {
        int flushes;

        CountingWriter(Writer out) {
            super(out);
        }

        @Override
        public void flush() throws IOException {
            flushes++;
            super.flush();
        }
    }
}
