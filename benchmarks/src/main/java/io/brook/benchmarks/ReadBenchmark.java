package io.brook.benchmarks;

import io.brook.storage.LogConfig;
import io.brook.storage.LogSlice;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A consumer reading a log from start to end, 1 MiB per fetch, as many times as the iteration
 * allows: {@link PartitionLog#read} then either {@link LogSlice#readAll()} (a copy into a new heap
 * buffer) or {@link LogSlice#transferTo} into {@code /dev/null} (the zero-copy path, sendfile on
 * Linux). The log is written and flushed in setup and is small enough to stay in the page cache,
 * so this measures the storage layer's overhead and memory bandwidth, not the disk.
 *
 * <p>{@code /dev/null} discards without touching the bytes, so {@code transfer} is an upper bound
 * for a socket; {@code copy} touches every byte once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ReadBenchmark {

    static final int FETCH_BYTES = 1024 * 1024;

    /** The log, shared by all reader threads. */
    @State(Scope.Benchmark)
    public static class Log {

        /** Size of the pre-filled log, in 16 KiB batches of 1 KiB records. */
        @Param({"512"})
        public int logMiB;

        Path dir;
        PartitionLog log;

        @Setup(Level.Trial)
        public void fill() {
            dir = BenchData.tempDir("brook-read-");
            log = PartitionLog.open(dir, LogConfig.defaults());
            BenchData.fill(log, (long) logMiB << 20, 16);
        }

        @TearDown(Level.Trial)
        public void close() {
            try {
                if (log != null) {
                    log.close();
                }
            } finally {
                BenchData.deleteRecursively(dir);
            }
        }
    }

    /** One reader's position and sink. */
    @State(Scope.Thread)
    public static class Reader {

        long next;
        FileChannel devNull;

        @Setup(Level.Trial)
        public void open(Log l) throws IOException {
            next = l.log.logStartOffset();
            devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            devNull.close();
        }

        /** Reads the next 1 MiB, wrapping to the start at the end of the log. */
        ReadResult fetch(PartitionLog log) {
            if (next >= log.logEndOffset()) {
                next = log.logStartOffset();
            }
            ReadResult r = log.read(next, FETCH_BYTES, Long.MAX_VALUE);
            if (r.status() != ReadResult.Status.OK) {
                throw new IllegalStateException("read at " + next + " returned " + r.status());
            }
            next = r.slice().lastOffset() + 1;
            return r;
        }
    }

    @Benchmark
    public ByteBuffer copy(Log l, Reader reader, ByteCounters counters) {
        try (ReadResult r = reader.fetch(l.log)) {
            ByteBuffer bytes = r.slice().readAll();
            counters.bytes += bytes.remaining();
            return bytes;
        }
    }

    @Benchmark
    public long transfer(Log l, Reader reader, ByteCounters counters) throws IOException {
        try (ReadResult r = reader.fetch(l.log)) {
            LogSlice slice = r.slice();
            long size = slice.sizeInBytes();
            long sent = 0;
            while (sent < size) {
                sent += slice.transferTo(reader.devNull, sent, size - sent);
            }
            counters.bytes += sent;
            return sent;
        }
    }
}
