package io.brook.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.coordinator.GroupSummary;
import io.brook.broker.partition.TopicPartition;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The group gauges computed from a coordinator's copy of its groups and this broker's high watermarks. */
class GroupGaugesTest {

    private static final TopicPartition HOSTED = new TopicPartition("orders", 0);
    private static final TopicPartition ELSEWHERE = new TopicPartition("orders", 1);

    /** This broker has a replica of orders-0 (high watermark 120) only. */
    private final GroupGauges.HighWatermarks highWatermarks = tp -> tp.equals(HOSTED) ? 120 : -1;
    private List<GroupSummary> groups = new ArrayList<>();
    private final GroupGauges gauges = new GroupGauges(() -> CompletableFuture.completedFuture(List.copyOf(groups)), highWatermarks);

    @Test
    void lag_is_the_high_watermark_minus_the_committed_offset() {
        // given a group that committed offset 45 on a partition whose high watermark here is 120
        groups.add(new GroupSummary("billing", "stable", 2, Map.of(HOSTED, 45L)));

        // when scraped
        MetricSnapshots s = gauges.collect();

        // then
        assertThat(value(s, GroupGauges.LAG, "group", "billing", "partition", "0", "topic", "orders")).isEqualTo(75);
        assertThat(value(s, GroupGauges.COMMITTED, "group", "billing", "partition", "0", "topic", "orders")).isEqualTo(45);
        assertThat(value(s, GroupGauges.MEMBERS, "group", "billing")).isEqualTo(2);
        assertThat(value(s, GroupGauges.STATE, "group", "billing", "state", "stable")).isEqualTo(1);
    }

    @Test
    void a_partition_without_a_replica_here_has_a_committed_offset_but_no_lag() {
        // given a commit on a partition this broker has no replica of
        groups.add(new GroupSummary("billing", "empty", 0, Map.of(ELSEWHERE, 7L)));

        // when scraped
        MetricSnapshots s = gauges.collect();

        // then only the committed offset is exported for it
        assertThat(value(s, GroupGauges.COMMITTED, "group", "billing", "partition", "1", "topic", "orders")).isEqualTo(7);
        assertThat(points(s, GroupGauges.LAG)).isEmpty();
    }

    @Test
    void a_commit_past_the_known_high_watermark_counts_as_no_lag() {
        groups.add(new GroupSummary("billing", "stable", 1, Map.of(HOSTED, 130L)));

        assertThat(value(gauges.collect(), GroupGauges.LAG, "group", "billing", "partition", "0", "topic", "orders")).isZero();
    }

    @Test
    void a_deleted_group_has_no_series() {
        // given a group seen by one scrape
        groups.add(new GroupSummary("billing", "empty", 0, Map.of(HOSTED, 45L)));
        assertThat(points(gauges.collect(), GroupGauges.LAG)).hasSize(1);

        // when it is deleted (or its offsets expire) in the coordinator
        groups = new ArrayList<>();

        // then the next scrape has none of its series
        MetricSnapshots s = gauges.collect();
        for (String name : gauges.getPrometheusNames()) {
            assertThat(points(s, name)).as(name).isEmpty();
        }
    }

    @Test
    void a_coordinator_that_does_not_answer_leaves_the_groups_out() {
        GroupGauges stopped = new GroupGauges(() -> CompletableFuture.failedFuture(new IllegalStateException("stopped")), highWatermarks);

        MetricSnapshots s = stopped.collect();

        for (String name : stopped.getPrometheusNames()) {
            assertThat(points(s, name)).as(name).isEmpty();
        }
    }

    @Test
    void a_scrape_that_selects_other_families_does_not_ask_the_coordinator() {
        GroupGauges failing = new GroupGauges(() -> {
            throw new AssertionError("asked");
        }, highWatermarks);

        assertThat(failing.collect(name -> name.equals("brook_connections"), null).size()).isZero();
    }

    private static List<GaugeDataPointSnapshot> points(MetricSnapshots s, String name) {
        for (MetricSnapshot m : s) {
            if (m.getMetadata().getName().equals(name)) {
                return ((GaugeSnapshot) m).getDataPoints();
            }
        }
        throw new AssertionError("no " + name);
    }

    private static double value(MetricSnapshots s, String name, String... labels) {
        Labels want = Labels.of(labels);
        return points(s, name).stream().filter(p -> p.getLabels().equals(want)).mapToDouble(GaugeDataPointSnapshot::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + want + " in "
                        + points(s, name).stream().map(DataPointSnapshot::getLabels).toList()));
    }
}
