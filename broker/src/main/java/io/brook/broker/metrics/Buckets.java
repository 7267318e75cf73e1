package io.brook.broker.metrics;

/** Classic histogram bucket bounds, in seconds, shared by the broker's latency histograms. */
final class Buckets {

    /** Request latency and produce commit wait: 100 µs to 30 s. */
    static final double[] REQUEST_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30};

    /** Log fsyncs: 50 µs (a write cache) to 5 s (a disk in trouble). */
    static final double[] FSYNC_SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 5};

    static final double NANOS_PER_SECOND = 1e9;

    private Buckets() {
    }
}
