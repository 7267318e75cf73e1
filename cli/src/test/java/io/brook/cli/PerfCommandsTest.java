package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code brook perf ...} with small counts: each run finishes and prints its summary; the JSON
 * summary holds the documented keys. Numbers are not checked (tests never assert on speed).
 */
class PerfCommandsTest {

    private static final String[] LATENCY_KEYS = {"avg_ms", "p50_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms"};

    private static CliBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new CliBroker(Map.of());
        assertThat(Cli.run("topic", "create", "perf", "-p", "2", "-b", broker.bootstrap()).exitCode()).isZero();
        Cli.Result filled = Cli.run("perf", "produce", "-t", "perf", "-n", "2000", "--record-size", "100", "-b", broker.bootstrap());
        assertThat(filled.exitCode()).as("%s", filled).isZero();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Cli.Result perf(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "perf";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "-b";
        full[args.length + 2] = broker.bootstrap();
        Cli.Result r = Cli.run(full);
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    @Test
    void perf_produce_prints_a_summary_line() {
        Cli.Result r = perf("produce", "-t", "perf", "-n", "500", "--record-size", "64", "--acks", "all");
        assertThat(r.outLines()).singleElement().asString().startsWith("500 records sent, ").contains("records/sec", "MiB/sec",
                "ms avg latency", "ms 99th");
    }

    @Test
    void perf_produce_json_holds_throughput_and_latency_percentiles() {
        Map<String, Object> m = MiniJson.object(perf("produce", "-t", "perf", "-n", "500", "--record-size", "64", "-o", "json").out());
        assertThat(m).containsEntry("records", 500L).containsKeys("seconds", "records_per_sec", "mib_per_sec").containsKeys(LATENCY_KEYS);
    }

    @Test
    void perf_consume_prints_a_summary_line() {
        Cli.Result r = perf("consume", "-t", "perf", "-n", "1000");
        assertThat(r.outLines()).singleElement().asString().startsWith("1000 records (").contains("MiB) read in", "records/sec");
    }

    @Test
    void perf_consume_json_holds_records_bytes_and_rates() {
        Map<String, Object> m = MiniJson.object(perf("consume", "-t", "perf", "-n", "2000", "--output", "json").out());
        assertThat(m).containsEntry("records", 2000L).containsKeys("mib", "seconds", "records_per_sec", "mib_per_sec");
    }

    @Test
    void perf_e2e_prints_round_trip_percentiles() {
        Cli.Result r = perf("e2e", "-t", "perf", "-n", "20", "--warmup", "5", "--record-size", "32");
        assertThat(r.outLines()).singleElement().asString().startsWith("20 round trips: avg ").contains("p50", "p99", "max");
    }

    @Test
    void perf_e2e_json_holds_latency_percentiles() {
        Map<String, Object> m = MiniJson.object(perf("e2e", "-t", "perf", "-n", "20", "--warmup", "5", "--acks", "1", "-o", "json").out());
        assertThat(m).containsEntry("records", 20L).containsKeys(LATENCY_KEYS);
    }

    @Test
    void perf_produce_shows_progress_while_running() {
        Cli.Result r = perf("produce", "-t", "perf", "-n", "3000", "--record-size", "16", "--throughput", "10000", "--reporting-interval-ms", "50");
        assertThat(r.err()).contains("records sent, ").contains("records/sec");
    }
}
