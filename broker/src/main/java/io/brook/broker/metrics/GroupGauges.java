package io.brook.broker.metrics;

import io.brook.broker.coordinator.GroupSummary;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.broker.partition.TopicPartition;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The consumer groups this broker coordinates, read when scraped: per group its members and state,
 * per committed partition its committed offset and, where this broker has an open replica of the
 * partition, its lag (the replica's high watermark minus the committed offset). One copy of the
 * groups is asked of the coordinator thread per scrape ({@link GroupSummary}); a scrape that the
 * coordinator does not answer within {@link #WAIT_MS} (a large shard loading) leaves the groups out.
 * Called on the scraping thread.
 */
final class GroupGauges implements MultiCollector {

    static final String LAG = "brook_group_lag_records";
    static final String COMMITTED = "brook_group_committed_offset";
    static final String MEMBERS = "brook_group_members";
    static final String STATE = "brook_group_state";
    static final long WAIT_MS = 2_000;

    /** The high watermark this broker knows for a partition, or -1 when it has no open replica of it. */
    interface HighWatermarks {
        long of(TopicPartition tp);
    }

    private final Supplier<CompletableFuture<List<GroupSummary>>> groups;
    private final HighWatermarks highWatermarks;

    GroupGauges(Supplier<CompletableFuture<List<GroupSummary>>> groups, HighWatermarks highWatermarks) {
        this.groups = groups;
        this.highWatermarks = highWatermarks;
    }

    /** The high watermarks of this broker's open replicas (a follower's is the commit end the leader last told it). */
    static HighWatermarks of(PartitionManager partitions) {
        return tp -> {
            Partition p = partitions.get(tp.topic(), tp.partition());
            return p == null || p.log() == null || p.offlineReason() != null ? -1 : p.highWatermark();
        };
    }

    /**
     * Records committed but not yet consumed by the group: the high watermark is the end a consumer can
     * read to. Never negative: a committed offset past this broker's high watermark (a follower a heartbeat
     * behind, or an offset an admin set past the end) counts as caught up.
     */
    static long lag(long highWatermark, long committedOffset) {
        return Math.max(0, highWatermark - committedOffset);
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name(LAG)
                .help("Per group and partition: the high watermark of this broker's replica minus the group's committed offset "
                        + "(groups this broker coordinates, partitions it has a replica of).");
        GaugeSnapshot.Builder committed = GaugeSnapshot.builder().name(COMMITTED)
                .help("Per group and partition: the committed offset (the next record to consume), for the groups this broker coordinates.");
        GaugeSnapshot.Builder members = GaugeSnapshot.builder().name(MEMBERS)
                .help("Members of each group this broker coordinates.");
        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name(STATE)
                .help("1 for each group this broker coordinates, labelled with its state: empty, reconciling or stable.");
        for (GroupSummary g : summaries()) {
            members.dataPoint(point(g.members(), "group", g.groupId()));
            state.dataPoint(point(1, "group", g.groupId(), "state", g.state()));
            for (Map.Entry<TopicPartition, Long> e : g.committedOffsets().entrySet()) {
                TopicPartition tp = e.getKey();
                String partition = Integer.toString(tp.partition());
                committed.dataPoint(point(e.getValue(), "group", g.groupId(), "topic", tp.topic(), "partition", partition));
                long hw = highWatermarks.of(tp);
                if (hw >= 0) {
                    lag.dataPoint(point(lag(hw, e.getValue()), "group", g.groupId(), "topic", tp.topic(), "partition", partition));
                }
            }
        }
        return MetricSnapshots.of(lag.build(), committed.build(), members.build(), state.build());
    }

    /** Asks the coordinator only when the scrape wants one of these families ({@code ?name[]=...}). */
    @Override
    public MetricSnapshots collect(Predicate<String> includedNames, PrometheusScrapeRequest scrapeRequest) {
        if (includedNames != null && getPrometheusNames().stream().noneMatch(includedNames)) {
            return new MetricSnapshots();
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        for (MetricSnapshot s : collect()) {
            if (includedNames == null || includedNames.test(s.getMetadata().getPrometheusName())) {
                out.metricSnapshot(s);
            }
        }
        return out.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(LAG, COMMITTED, MEMBERS, STATE);
    }

    private List<GroupSummary> summaries() {
        try {
            return groups.get().get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return List.of(); // busy (loading) or stopped: no groups in this scrape
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }
}
