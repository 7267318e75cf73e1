package io.brook.jepsen.report;

import io.brook.jepsen.history.Op;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-second series of a history, for the plots: ok sends completed, records polled (by ok polls;
 * final reads are not traffic), and the p50 and p99 latency of ok sends by the second they were
 * invoked in (so a slow send shows where the trouble started). One pass over the history plus a sort
 * of each second's latencies. Pairing is lenient: a completion without an open invocation of its
 * process is skipped, since a report should still be drawn for a malformed history.
 */
final class Timeline {

    static final long SECOND = 1_000_000_000L;

    private final int seconds;
    private final double[] okSends;
    private final double[] polledRecords;
    private final double[] p50Millis;
    private final double[] p99Millis;

    private Timeline(int seconds, double[] okSends, double[] polledRecords, double[] p50Millis, double[] p99Millis) {
        this.seconds = seconds;
        this.okSends = okSends;
        this.polledRecords = polledRecords;
        this.p50Millis = p50Millis;
        this.p99Millis = p99Millis;
    }

    static Timeline of(List<Op> history) {
        long end = 0;
        for (Op op : history) {
            end = Math.max(end, op.timeNanos());
        }
        int seconds = (int) (end / SECOND) + 1;
        double[] okSends = new double[seconds];
        double[] polled = new double[seconds];
        Samples[] latencies = new Samples[seconds];
        Map<Integer, Op> open = new HashMap<>();
        for (Op op : history) {
            if (op.isInvoke()) {
                open.put(op.process(), op);
                continue;
            }
            Op invoke = open.remove(op.process());
            int second = (int) (op.timeNanos() / SECOND);
            if (op.isOk() && Op.SEND.equals(op.f())) {
                okSends[second]++;
                if (invoke != null && Op.SEND.equals(invoke.f())) {
                    int invoked = (int) (invoke.timeNanos() / SECOND);
                    if (latencies[invoked] == null) {
                        latencies[invoked] = new Samples();
                    }
                    latencies[invoked].add(op.timeNanos() - invoke.timeNanos());
                }
            } else if (op.isOk() && Op.POLL.equals(op.f())) {
                polled[second] += op.records().size();
            }
        }
        double[] p50 = new double[seconds];
        double[] p99 = new double[seconds];
        Arrays.fill(p50, Double.NaN);
        Arrays.fill(p99, Double.NaN);
        for (int s = 0; s < seconds; s++) {
            if (latencies[s] != null) {
                p50[s] = latencies[s].quantile(0.50) / 1e6;
                p99[s] = latencies[s].quantile(0.99) / 1e6;
            }
        }
        return new Timeline(seconds, okSends, polled, p50, p99);
    }

    /** Number of one-second buckets: the run's length rounded up. */
    int seconds() {
        return seconds;
    }

    double[] okSendsPerSecond() {
        return okSends.clone();
    }

    double[] polledRecordsPerSecond() {
        return polledRecords.clone();
    }

    /** Median latency in ms of the ok sends invoked in each second; NaN where there were none. */
    double[] p50Millis() {
        return p50Millis.clone();
    }

    /** 99th percentile latency in ms of the ok sends invoked in each second; NaN where there were none. */
    double[] p99Millis() {
        return p99Millis.clone();
    }
}
