package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brook verify --bootstrap} against clusters it did not start: defaults that fit, and what it says. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void against_a_single_broker_it_creates_the_topic_with_replication_factor_1_and_prints_its_summary_once() {
        // given one broker, as brook dev runs it
        try (CliBroker broker = new CliBroker(Map.of())) {
            Path results = dir.resolve("results");

            // when verify runs README's command against it, shortened
            Cli.Result r = Cli.run("verify", "--bootstrap", broker.bootstrap(), "--topic", "verify-1", "--time", "2",
                    "--results", results.toString());

            // then the run is valid, the replication factor fits the cluster, and the summary appears once
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.out()).contains("1 live broker(s) at " + broker.bootstrap() + "; a new topic gets replication factor 1")
                    .contains("verify: 1 of 1 runs valid; results under " + results.toAbsolutePath());
            assertThat(r.outLines().stream().filter(l -> l.startsWith("run 1 "))).hasSize(1);
            assertThat(results.resolve("history.jsonl.gz")).isNotEmptyFile();
            assertThat(results.resolve("plot.html")).isNotEmptyFile();
        }
    }

    @Test
    void with_no_broker_answering_it_exits_3_and_writes_nothing() throws Exception {
        // when
        Path results = dir.resolve("results");
        Cli.Result r = Cli.run("verify", "--bootstrap", CliBroker.closedPort(), "--topic", "verify-1", "--time", "2",
                "--results", results.toString());

        // then
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: cannot check the cluster at ")
                .contains("connection refused").doesNotContain("Exception");
        assertThat(results).doesNotExist();
        assertThat(r.out()).doesNotContain("results under");
    }
}
