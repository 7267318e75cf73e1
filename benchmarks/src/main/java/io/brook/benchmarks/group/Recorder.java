package io.brook.benchmarks.group;

import java.util.Collection;

/**
 * Where members report what they own and what they consumed, with wall-clock times in milliseconds
 * ({@link System#currentTimeMillis()}, comparable across the benchmark's processes on one machine).
 * Implementations are thread-safe.
 */
interface Recorder {

    void assigned(int member, long atMs, Collection<Integer> partitions);

    /** Revoked, or lost when {@code lost}: either way the member no longer owns them. */
    void revoked(int member, long atMs, Collection<Integer> partitions, boolean lost);

    void delivered(int member, long atMs, int partition, int records, long oldestSentMs);
}
