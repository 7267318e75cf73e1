package io.brook.broker.metrics;

import io.brook.protocol.record.RecordBatch;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What produce and fetch move, per topic (bytes and records, in and out), and how long acks=all
 * produces wait for their commit. A topic's label children are created on its first produce or fetch
 * and kept; after that an update is one map lookup and counter increments. Thread-safe: called from
 * event loops and log threads.
 */
public final class TrafficMetrics {

    /** The label children of one topic. */
    private record Flow(CounterDataPoint bytesIn, CounterDataPoint recordsIn, CounterDataPoint bytesOut, CounterDataPoint recordsOut) {}

    private final Counter bytesIn;
    private final Counter recordsIn;
    private final Counter bytesOut;
    private final Counter recordsOut;
    private final DistributionDataPoint commitWait;
    private final ConcurrentHashMap<String, Flow> flows = new ConcurrentHashMap<>();

    TrafficMetrics(PrometheusRegistry registry) {
        bytesIn = Counter.builder().name("brook_topic_produced_bytes_total").unit(Unit.BYTES)
                .help("Bytes of record batches appended by produce requests (not counting replication), per topic.")
                .labelNames("topic").register(registry);
        recordsIn = Counter.builder().name("brook_topic_produced_records_total")
                .help("Records appended by produce requests, per topic.").labelNames("topic").register(registry);
        bytesOut = Counter.builder().name("brook_topic_fetched_bytes_total").unit(Unit.BYTES)
                .help("Bytes of record batches sent in fetch responses, per topic.").labelNames("topic").register(registry);
        recordsOut = Counter.builder().name("brook_topic_fetched_records_total")
                .help("Offsets covered by the batches sent in fetch responses, per topic: records, Raft term markers "
                        + "included, and whole batches even when the fetch asked from their middle.")
                .labelNames("topic").register(registry);
        commitWait = Histogram.builder().name("brook_produce_commit_wait_seconds").unit(Unit.SECONDS)
                .help("acks=all produce: time from handing a partition's batches to its log thread to their commit "
                        + "(stored on a majority, fsynced), per successful partition append.")
                .classicOnly().classicUpperBounds(Buckets.REQUEST_SECONDS).register(registry);
    }

    /**
     * A produce appended the batches in bytes 0..{@code size} of {@code batches} to a partition of
     * {@code topic} (read with absolute gets: the log may have moved the buffer's position).
     */
    public void produced(String topic, ByteBuffer batches, int size) {
        Flow f = flow(topic);
        f.bytesIn.inc(size);
        f.recordsIn.inc(records(batches, size));
    }

    /** A fetch response carries {@code bytes} of batches of {@code topic} covering {@code offsets} offsets. */
    public void fetched(String topic, long bytes, long offsets) {
        Flow f = flow(topic);
        f.bytesOut.inc(bytes);
        f.recordsOut.inc(offsets);
    }

    /** An acks=all append committed {@code nanos} after it was handed to its log thread. */
    public void committed(long nanos) {
        commitWait.observe(nanos / Buckets.NANOS_PER_SECOND);
    }

    private Flow flow(String topic) {
        Flow f = flows.get(topic);
        if (f == null) {
            f = flows.computeIfAbsent(topic, t -> new Flow(bytesIn.labelValues(t), recordsIn.labelValues(t), bytesOut.labelValues(t),
                    recordsOut.labelValues(t)));
        }
        return f;
    }

    /** Sums the record counts in the headers of the batches in bytes 0..{@code size}, which the log validated. */
    static long records(ByteBuffer batches, int size) {
        long n = 0;
        int pos = 0;
        while (pos + RecordBatch.HEADER_SIZE <= size) {
            n += batches.getInt(pos + RecordBatch.RECORD_COUNT_OFFSET);
            pos += RecordBatch.LOG_OVERHEAD + batches.getInt(pos + RecordBatch.LENGTH_OFFSET);
        }
        return n;
    }
}
