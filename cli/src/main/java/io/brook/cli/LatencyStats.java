package io.brook.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies recorded from any thread (HdrHistogram {@link Recorder}), in microseconds. */
final class LatencyStats {

    private final Recorder recorder = new Recorder(3_600_000_000L, 3);
    private final Histogram total = new Histogram(3_600_000_000L, 3);
    private Histogram interval;

    void recordMicros(long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, 3_600_000_000L)));
    }

    /** The latencies since the previous call (also added to the total). */
    synchronized Histogram interval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    synchronized Histogram total() {
        interval();
        return total;
    }

    static double ms(double micros) {
        return micros / 1000.0;
    }

    /** avg, max and the usual percentiles in milliseconds. */
    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("avg_ms", round(ms(h.getMean())));
        m.put("p50_ms", round(ms(h.getValueAtPercentile(50))));
        m.put("p95_ms", round(ms(h.getValueAtPercentile(95))));
        m.put("p99_ms", round(ms(h.getValueAtPercentile(99))));
        m.put("p999_ms", round(ms(h.getValueAtPercentile(99.9))));
        m.put("max_ms", round(ms(h.getMaxValue())));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
