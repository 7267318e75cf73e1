package io.brook.benchmarks;

import io.brook.storage.LogConfig;
import io.brook.storage.OffsetFileNames;
import io.brook.storage.PartitionLog;
import io.brook.storage.ProducerStateRebuild;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Opening a partition log of 1 GiB written by 10,000 idempotent producers (batches of 1 to 16 KiB,
 * producers picked at random, {@link BenchData#fillIdempotent}), which rebuilds its producer state.
 * One operation is {@link PartitionLog#open} of the cleanly closed log (so recovery checks no
 * batch and the time is mostly the rebuild); the log is closed outside the measurement, and before
 * each open the snapshots the mode excludes are deleted:
 *
 * <ul>
 * <li>{@code none}: every {@code .producers} file: the state is replayed from every batch header of
 * the log (what any restart costs without snapshots, and the worst case with them: a full active
 * segment, here one of the default 1 GiB);</li>
 * <li>{@code rolls}: the snapshot written on close: what a restart after a crash costs, loading the
 * snapshot of the last roll and replaying the active segment (here almost empty: the fill stops right
 * after the roll at 1 GiB);</li>
 * <li>{@code close}: none deleted: a clean restart loads the close snapshot and replays nothing.</li>
 * </ul>
 *
 * The log lives in the page cache (it was just written): this measures the header walk and the
 * snapshot decoding, not the disk. Each open's {@link ProducerStateRebuild} is printed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ProducerStateRebuildBenchmark {

    /** Which snapshots the open may use: {@code none}, {@code rolls} or {@code close}. */
    @Param({"none", "rolls", "close"})
    public String snapshots;

    @Param({"1024"})
    public int logMiB;

    @Param({"10000"})
    public int producers;

    private final LogConfig config = LogConfig.defaults();
    private Path dir;
    private long logEnd;
    private PartitionLog opened;

    @Setup(Level.Trial)
    public void build() {
        dir = BenchData.tempDir("brook-pstate-");
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            long batches = BenchData.fillIdempotent(log, (long) logMiB << 20, producers, 42);
            logEnd = log.logEndOffset();
            System.out.printf("%n[log: %d MiB, %d segments, %d batches, %d records, %d producers with state]%n",
                    log.sizeInBytes() >> 20, log.segmentCount(), batches, logEnd, log.producers().size());
        }
    }

    @Setup(Level.Invocation)
    public void deleteSnapshots() throws IOException {
        if ("close".equals(snapshots)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.producers")) {
            for (Path p : ds) {
                long offset = OffsetFileNames.parse(p.getFileName().toString(), ".producers");
                if ("none".equals(snapshots) || offset == logEnd) {
                    Files.delete(p);
                }
            }
        }
    }

    @Benchmark
    public PartitionLog open() {
        opened = PartitionLog.open(dir, config);
        return opened;
    }

    @TearDown(Level.Invocation)
    public void closeOpened() {
        ProducerStateRebuild r = opened.producerStateRebuild();
        System.out.printf("[rebuild: snapshot %d, %d batches replayed, %d producers, %.1f ms]%n",
                r.snapshotOffset(), r.batchesScanned(), r.producers(), r.millis());
        opened.close();
    }

    @TearDown(Level.Trial)
    public void delete() {
        BenchData.deleteRecursively(dir);
    }
}
