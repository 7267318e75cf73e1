package io.brook.benchmarks;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
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
 * A producer's cost of turning records into a batch: {@link RecordBatchBuilder} reset, append of
 * {@code batchRecords} 1 KiB values, build (compression and CRC32C). The builder is reused, as a
 * client reuses it. Values are half random, half repeated text (see {@link BenchData#values}).
 * The {@code bytes} counter counts record values in (uncompressed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class BatchBuildBenchmark {

    @Param({"none", "lz4", "zstd"})
    public String codec;

    @Param({"16", "256"})
    public int batchRecords;

    private RecordBatchBuilder builder;
    private byte[][] values;

    @Setup(Level.Trial)
    public void setUp() {
        values = BenchData.values(batchRecords, 3);
        builder = new RecordBatchBuilder(CompressionType.forName(codec), batchRecords * (BenchData.RECORD_BYTES + 16));
        int size = build().remaining();
        System.out.printf("%n# %s batch of %d records: %d bytes (values %d bytes)%n",
                codec, batchRecords, size, batchRecords * BenchData.RECORD_BYTES);
    }

    private ByteBuffer build() {
        builder.reset();
        for (int i = 0; i < values.length; i++) {
            builder.append(BenchData.BASE_TIMESTAMP + i, null, values[i]);
        }
        return builder.build();
    }

    @Benchmark
    public ByteBuffer build(ByteCounters counters) {
        ByteBuffer batch = build();
        counters.bytes += (long) values.length * BenchData.RECORD_BYTES;
        return batch;
    }
}
