package io.brook.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes moved by a benchmark, reported by JMH beside the operation rate as a secondary result named
 * {@code bytes}, in bytes per second (JMH labels the unit "ops/s"). {@code run-storage.sh} turns it
 * into MB/s (10^6 bytes, as dd reports).
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ByteCounters {

    /** Bytes appended, read or processed in the current iteration. */
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }
}
