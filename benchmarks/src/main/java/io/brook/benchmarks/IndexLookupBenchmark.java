package io.brook.benchmarks;

import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import io.brook.storage.TimestampLookup;
import java.nio.file.Path;
import java.util.SplittableRandom;
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
 * Random lookups in a log of many segments (256 MiB in 4 MiB segments: 64 of them):
 * {@code position} is {@code read(randomOffset, 1, Long.MAX_VALUE)}, which finds the segment, the
 * index entry and the batch holding the offset, then closes the slice without reading it (a
 * consumer's first fetch, or a seek); {@code timestamp} is {@code offsetForTimestamp}, which finds
 * the first record at or after a random timestamp (a consumer resetting by time).
 *
 * <p>{@code batchRecords=1} makes 1 KiB batches, four of them between two offset index entries
 * (the index interval is 4 KiB), so a lookup reads several batch headers; with 16 every batch is
 * indexed. The lookup keys are drawn in setup from a fixed seed and cycled through.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class IndexLookupBenchmark {

    private static final int KEYS = 4096;

    /** The log and the lookup keys, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Log {

        /** Records of 1 KiB per batch. */
        @Param({"1", "16"})
        public int batchRecords;

        @Param({"256"})
        public int logMiB;

        @Param({"4"})
        public int segmentMiB;

        Path dir;
        PartitionLog log;
        final long[] offsets = new long[KEYS];
        final long[] timestamps = new long[KEYS];

        @Setup(Level.Trial)
        public void fill() {
            dir = BenchData.tempDir("brook-lookup-");
            log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(segmentMiB << 20));
            BenchData.fill(log, (long) logMiB << 20, batchRecords);
            long start = log.logStartOffset();
            long records = log.logEndOffset() - start;
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < KEYS; i++) {
                offsets[i] = start + random.nextLong(records);
                timestamps[i] = BenchData.BASE_TIMESTAMP + start + random.nextLong(records);
            }
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

    /** Which key a thread uses next. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int nextIndex() {
            return next++ & (KEYS - 1);
        }
    }

    @Benchmark
    public long position(Log l, Cursor c) {
        long offset = l.offsets[c.nextIndex()];
        try (ReadResult r = l.log.read(offset, 1, Long.MAX_VALUE)) {
            if (r.status() != ReadResult.Status.OK) {
                throw new IllegalStateException("read at " + offset + " returned " + r.status());
            }
            return r.slice().firstOffset();
        }
    }

    @Benchmark
    public TimestampLookup timestamp(Log l, Cursor c) {
        long ts = l.timestamps[c.nextIndex()];
        TimestampLookup found = l.log.offsetForTimestamp(ts, Long.MAX_VALUE);
        if (!found.found()) {
            throw new IllegalStateException("no record at or after " + ts);
        }
        return found;
    }
}
