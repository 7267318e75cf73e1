package io.brook.jepsen.report;

import java.util.Arrays;

/** A growable array of longs with nearest-rank quantiles: one second's send latencies. */
final class Samples {

    private long[] values = new long[8];
    private int size;
    private boolean sorted = true;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
        sorted = false;
    }

    int size() {
        return size;
    }

    /** The nearest-rank {@code q} quantile (0 < q <= 1): the smallest value with at least q of them at or below it. */
    long quantile(double q) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(q * size);
        return values[Math.max(0, Math.min(size, rank) - 1)];
    }
}
