package io.brook.broker.metrics;

import io.brook.broker.coordinator.GroupSummary;
import io.brook.broker.network.BrokerServer;
import io.brook.broker.network.Listener;
import io.brook.broker.network.RequestObserver;
import io.brook.broker.partition.PartitionManager;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One broker's metrics, in a registry of its own (tests run several brokers in one JVM; the JVM
 * metrics are then the same in each). Create it first, hand its observers to the server, the log
 * threads and the handlers, then {@link #watch} the partitions and connections once they exist.
 * Thread-safe.
 */
public final class BrokerMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final TrafficMetrics traffic = new TrafficMetrics(registry);
    private final DistributionDataPoint fsync;
    private final Counter leaderChanges;

    public BrokerMetrics() {
        fsync = Histogram.builder().name("brook_log_fsync_duration_seconds").unit(Unit.SECONDS)
                .help("Time of each partition log fsync (fdatasync) that had appends to force, on the log threads.")
                .classicOnly().classicUpperBounds(Buckets.FSYNC_SECONDS).register(registry);
        leaderChanges = Counter.builder().name("brook_partition_leader_changes_total")
                .help("Leader changes (a new leader or term) learned by the partition replicas on this broker.")
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** For the network layer: every answered request. */
    public RequestObserver requests() {
        return requests;
    }

    /** For the produce and fetch handlers. */
    public TrafficMetrics traffic() {
        return traffic;
    }

    /** For the log threads: the duration of each log fsync, in nanoseconds. */
    public LongConsumer fsyncs() {
        return nanos -> fsync.observe(nanos / Buckets.NANOS_PER_SECOND);
    }

    /** A replica on this broker learned of a new leader or term. */
    public void leaderChanged() {
        leaderChanges.inc();
    }

    /** Adds the gauges read at scrape time: the partitions' state and the open connections per listener. */
    public void watch(PartitionManager partitions, BrokerServer server) {
        PartitionGauges.register(registry, partitions);
        GaugeWithCallback.builder().name("brook_connections")
                .help("Connections open now, per listener (client, peer).")
                .labelNames("listener")
                .callback(cb -> {
                    for (Listener l : Listener.values()) {
                        cb.call(server.openConnections(l), l.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
    }

    /**
     * Adds the consumer-group gauges read at scrape time: {@code groups} copies the groups this broker
     * coordinates (on the coordinator's thread), the lag uses this broker's replicas in {@code partitions}.
     */
    public void watchGroups(Supplier<CompletableFuture<List<GroupSummary>>> groups, PartitionManager partitions) {
        registry.register(new GroupGauges(groups, GroupGauges.of(partitions)));
    }
}
