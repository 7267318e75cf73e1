package io.brook.benchmarks;

import io.brook.storage.AppendInfo;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import java.nio.ByteBuffer;
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
 * Leader appends of one pre-built batch of 1 KiB records, as the broker appends a produce request's
 * bytes without re-encoding them; {@code appendAsLeader} rewrites the base offset and term in
 * place, which is why the same bytes can be appended again and again.
 *
 * <p>With {@code fsync=true} every append is followed by {@link PartitionLog#flush()} (fdatasync),
 * Brook's default durability; with {@code false} appends land in the page cache and reach the disk
 * when a full 1 GiB segment is sealed (or the kernel writes them back), so that variant runs at page
 * cache speed until writeback throttling catches up with it.
 *
 * <p>Segments are 1 GiB (the default) and retention by size keeps the log near 2 GiB, so a long run
 * never fills the disk: {@link PartitionLog#enforceRetention} runs every 64 appends, as a broker's
 * retention task would. Each thread appends to a log of its own ({@code -t 2} means two partitions).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class AppendBenchmark {

    private static final long RETENTION_BYTES = 2L << 30;
    private static final int TERM = 1;

    /** Records of 1 KiB per batch, so also the batch size in KiB (plus about 1 % of record framing). */
    @Param({"16", "256"})
    public int batchKiB;

    /** Whether every append is followed by a flush (fdatasync). */
    @Param({"false", "true"})
    public boolean fsync;

    /**
     * Where the batch bytes live: {@code direct}, as in the broker's pooled network buffers, or
     * {@code heap}, which costs the JDK a copy into a temporary direct buffer on every write.
     */
    @Param({"direct"})
    public String buffer;

    private Path dir;
    private PartitionLog log;
    private ByteBuffer batch;
    private long appends;

    @Setup(Level.Trial)
    public void open() {
        dir = BenchData.tempDir("brook-append-");
        log = PartitionLog.open(dir, LogConfig.defaults().withRetentionBytes(RETENTION_BYTES));
        batch = BenchData.batch(BenchData.values(batchKiB, 1), BenchData.BASE_TIMESTAMP, "direct".equals(buffer));
    }

    @Benchmark
    public AppendInfo append(ByteCounters counters) {
        batch.position(0);
        AppendInfo info = log.appendAsLeader(batch, TERM);
        if (fsync) {
            log.flush();
        }
        if ((++appends & 63) == 0) {
            log.enforceRetention(Long.MAX_VALUE);
        }
        counters.bytes += info.sizeInBytes();
        return info;
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
