package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.runner.JepsenRun;
import io.brook.jepsen.runner.RunOptions;
import io.brook.jepsen.runner.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code brook verify --bootstrap}: the workload and checkers against a cluster the harness did not
 * start, without faults, twice on the same topic. The second run must not take the first run's
 * records (same value names) for its own: it reads from where it started.
 */
class ExistingClusterVerifyTest {

    @Test
    void two_runs_on_one_topic_of_an_existing_cluster_are_both_valid() throws Exception {
        try (LocalCluster cluster = new LocalCluster(1, Files.createTempDirectory("brook-existing"),
                RunOptions.FAST_BROKERS)) {
            cluster.start(60_000);
            for (int run = 1; run <= 2; run++) {
                RunOptions options = RunOptions.builder().bootstrap(cluster.bootstrap()).topic("existing").partitions(3)
                        .replicationFactor(1).timeSeconds(3).seed(run).results(Path.of("target", "jepsen", "existing-" + run))
                        .build();
                RunResult result = new JepsenRun(options).run();

                assertThat(result.results()).as("run %d: %s", run, result.folder())
                        .allSatisfy(r -> assertThat(r.valid()).as("%s: %s", r.name(), r.examples()).isTrue());
                @SuppressWarnings("unchecked")
                Map<String, Object> totals = (Map<String, Object>) result.summary().get("totals");
                @SuppressWarnings("unchecked")
                Map<String, Object> sends = (Map<String, Object>) totals.get("sends");
                long ok = ((Number) sends.get("ok")).longValue();
                long info = ((Number) sends.get("info")).longValue();
                assertThat(((Number) totals.get("records-final-read")).longValue())
                        .as("run %d reads only its own records: the acknowledged ones and some indeterminate ones", run)
                        .isBetween(ok, ok + info);
                assertThat(result.results()).extracting(r -> r.name()).doesNotContain("split-brain");
            }
        }
    }
}
