package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryReader;
import io.brook.jepsen.nemesis.Nemesis;
import io.brook.jepsen.nemesis.RollingRestartNemesis;
import io.brook.jepsen.report.AckStalls;
import io.brook.jepsen.report.RunReport;
import io.brook.jepsen.runner.JepsenRun;
import io.brook.jepsen.runner.RunOptions;
import io.brook.jepsen.runner.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of a 3-broker cluster under acks=all load (issue 16): the short suite's workload
 * (6 partitions, RF 3, 3 producers with 8 sends in flight each, 2 poll workers) while the
 * {@code rolling-restart} nemesis stops each broker in turn with SIGTERM, starts it again at once and
 * waits until every replica is in sync before the next. The run must be valid (every acknowledged
 * record read exactly once, every checker of the short suite) with every broker restarted gracefully.
 *
 * <p>The longest stall per partition (no acknowledged send to it, from the first restart to the end
 * of the load) is printed and kept in {@code summary.json} under {@code ack-stalls}; the test bounds
 * it by {@link #STALL_BOUND_MS}, with a margin for this 2-core shared machine over what graceful
 * restarts achieve (docs/benchmarks.md, "Rolling restart", has the measured values). The seed is printed
 * and set with {@code -Dbrook.seed=}.
 */
class RollingRestartTest {

    /** Acknowledged sends a run must reach: runs here reach tens of thousands. */
    private static final long MIN_ACKNOWLEDGED = 2_000;
    /**
     * Graceful restarts stalled a partition for at most 0.9 s in the runs measured here; kill -9 instead
     * of SIGTERM stalled them for up to 2.9 s (elections after the leader's silence), which this bound
     * catches. Not the 1 s: on this shared 2-core machine that would leave no margin.
     */
    private static final long STALL_BOUND_MS = 2_000;

    @Test
    void a_rolling_restart_under_load_loses_nothing_and_stalls_no_partition_for_long() throws Exception {
        long seed = Long.getLong("brook.seed", System.nanoTime());
        System.out.println("RollingRestartTest: seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        List<String> names = List.of(RollingRestartNemesis.NAME);
        RollingRestartNemesis nemesis = new RollingRestartNemesis();
        // each restart: 1-3 s of quiet, SIGTERM and exit, 0.1-0.3 s down, start, in sync again
        RunOptions options = RunOptions.builder().nemeses(names).timeSeconds(36).quietMs(2_000).faultMs(200).seed(seed)
                .results(Path.of("target", "jepsen", "rolling-restart")).build();
        RunResult result = new JepsenRun(options, List.<Nemesis>of(nemesis)).run();

        AckStalls stalls = AckStalls.of(HistoryReader.read(result.folder().resolve(RunReport.HISTORY_FILE)),
                firstFaultNanos(result));
        for (AckStalls.Stall s : stalls.partitions()) {
            System.out.printf("RollingRestartTest: partition %d longest stall %.1f ms (from %.3f s), %d acknowledged%n",
                    s.partition(), s.longestNanos() / 1e6, s.atNanos() / 1e9, s.acknowledged());
        }
        System.out.printf("RollingRestartTest: restarted brokers %s; longest stall over all partitions %.1f ms%n",
                nemesis.restarted(), stalls.longestNanos() / 1e6);

        ShortSuiteTest.assertValid(result, names);
        assertThat(nemesis.restarted()).as("brokers restarted, in turn (seed %d)", seed).containsAll(List.of(1, 2, 3));
        assertThat(nemesis.killed()).as("brokers that did not exit on SIGTERM and were killed (seed %d)", seed).isEmpty();
        assertThat(stalls.partitions()).as("partitions written during the restarts").hasSize(options.partitions());
        assertThat(stalls.partitions()).as("acknowledged sends per partition during the restarts (seed %d)", seed)
                .allSatisfy(s -> assertThat(s.acknowledged()).isGreaterThanOrEqualTo(MIN_ACKNOWLEDGED / options.partitions()));
        assertThat(stalls.longestNanos() / 1_000_000).as("longest stall of any partition, ms (seed %d), see %s", seed,
                result.folder()).isLessThan(STALL_BOUND_MS);
    }

    @SuppressWarnings("unchecked")
    private static long firstFaultNanos(RunResult result) {
        Map<String, Object> stalls = (Map<String, Object>) result.summary().get("ack-stalls");
        return ((Number) stalls.get("from-ms")).longValue() * 1_000_000;
    }
}
