package io.brook.benchmarks;

import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ProducerState;
import io.brook.storage.SequenceCheck;
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
 * The leader's per-batch cost of idempotence: {@link ProducerState#check} of a batch against a
 * partition holding {@code producers} producers with five cached batches each, for producers picked
 * in a random order. {@code next}: the batch continues the producer's sequence (the common case,
 * answered with the shared {@link SequenceCheck#APPEND}); {@code duplicate}: it repeats the
 * producer's oldest cached batch (a retry, which allocates its answer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ProducerCheckBenchmark {

    @Param({"10000"})
    public int producers;

    /** {@code next} or {@code duplicate}. */
    @Param({"next", "duplicate"})
    public String batch;

    private static final int ORDER = 1 << 16;

    private Path dir;
    private PartitionLog log;
    private ProducerState state;
    private final long[] ids = new long[ORDER];
    private final int[] first = new int[ORDER];
    private final int[] last = new int[ORDER];
    private int i;

    @Setup(Level.Trial)
    public void fill() {
        dir = BenchData.tempDir("brook-pcheck-");
        log = PartitionLog.open(dir, LogConfig.defaults());
        BenchData.appendRounds(log, producers, 5, 4);
        state = log.producers();
        SplittableRandom random = new SplittableRandom(7);
        boolean next = "next".equals(batch);
        for (int k = 0; k < ORDER; k++) {
            ids[k] = 1 + random.nextInt(producers);
            // every producer wrote five batches of 4 records, sequences 0..19: its next batch starts at 20
            first[k] = next ? 20 : 0;
            last[k] = next ? 23 : 3;
        }
    }

    @Benchmark
    public SequenceCheck check() {
        int k = i++ & (ORDER - 1);
        return state.check(ids[k], (short) 0, first[k], last[k]);
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            log.close();
        } finally {
            BenchData.deleteRecursively(dir);
        }
    }
}
