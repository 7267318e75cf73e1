package io.brook.benchmarks;

import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's check of an incoming batch, {@link RecordBatch#validate}: header, CRC32C over the
 * whole batch and, with {@code deep}, a parse of every record (the leader append path with
 * {@code LogConfig.deepValidation}, the default). One uncompressed batch of {@code batchKiB}
 * 1 KiB records, in a heap or a direct buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class BatchValidateBenchmark {

    @Param({"256"})
    public int batchKiB;

    @Param({"false", "true"})
    public boolean deep;

    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer batch;

    @Setup(Level.Trial)
    public void setUp() {
        batch = BenchData.batch(BenchData.values(batchKiB, 5), BenchData.BASE_TIMESTAMP, "direct".equals(buffer));
    }

    @Benchmark
    public BatchError validate(ByteCounters counters) {
        BatchError e = RecordBatch.validate(batch, 0, batch.limit(), Integer.MAX_VALUE, deep);
        if (e != BatchError.NONE) {
            throw new IllegalStateException("benchmark batch is invalid: " + e);
        }
        counters.bytes += batch.limit();
        return e;
    }
}
