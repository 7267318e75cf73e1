package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.runner.JepsenRun;
import io.brook.jepsen.runner.RunOptions;
import io.brook.jepsen.runner.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short Jepsen-style suite of {@code mvn verify}: every nemesis injects its fault at least once,
 * grouped into five runs of 3 broker processes (6 partitions, RF 3, acks=all), each run must have
 * done work (acknowledged sends, polled records), and every checker must find nothing. The results folders stay under {@code target/jepsen/}; the seed is printed and set
 * with {@code -Dbrook.seed=} to replay a run's choices of victims and timings.
 */
class ShortSuiteTest {

    /**
     * Acknowledged sends and polled records a run must reach to count as having done work: runs here
     * reach thousands even in the combined group, which keeps two brokers down for most of its faults.
     */
    private static final long MIN_WORK = 200;

    static Stream<Arguments> groups() {
        return Stream.of(
                Arguments.of("kill", List.of("kill-random", "kill-leader", "kill-majority"), 40),
                Arguments.of("pause", List.of("pause-random", "pause-leader"), 25),
                Arguments.of("partition", List.of("partition-node", "partition-leader", "partition-halves", "partition-bridge"), 40),
                Arguments.of("files", List.of("truncate-tail", "bitflip-tail"), 30),
                Arguments.of("combined", List.of("damage+kill-leader", "partition+kill", "pause+damage"), 45));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void no_anomalies_under(String group, List<String> nemeses, int seconds) throws Exception {
        long seed = Long.getLong("brook.seed", System.nanoTime());
        System.out.println("ShortSuiteTest " + group + ": seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        RunOptions options = RunOptions.builder().nemeses(nemeses).timeSeconds(seconds).faultMs(3_000).quietMs(1_500)
                .seed(seed).results(Path.of("target", "jepsen", group)).build();
        RunResult result = new JepsenRun(options).run();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> faults = (List<Map<String, Object>>) result.summary().get("faults");
        assertThat(faults.stream().map(f -> (String) f.get("name")).distinct())
                .as("every nemesis of the group injected a fault (seed %d)", seed).containsAll(nemeses);
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) result.summary().get("totals");
        @SuppressWarnings("unchecked")
        long acknowledged = ((Number) ((Map<String, Object>) totals.get("sends")).get("ok")).longValue();
        long polled = ((Number) totals.get("records-polled")).longValue();
        assertThat(acknowledged).as("acknowledged sends (seed %d)", seed).isGreaterThanOrEqualTo(MIN_WORK);
        assertThat(polled).as("records polled (seed %d)", seed).isGreaterThanOrEqualTo(MIN_WORK);
        assertThat(result.recoveryMs()).as("fully replicated after every heal (seed %d)", seed).doesNotContain(-1L);
        assertThat(result.results()).as("checkers (seed %d), see %s", seed, result.folder())
                .allSatisfy(r -> assertThat(r.valid()).as("%s: %s", r.name(), r.examples()).isTrue());
    }
}
