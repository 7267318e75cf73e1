package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brook produce} and {@code brook consume} against a real broker. */
class ProduceConsumeCommandsTest {

    /** Five lines of input: key:value, no separator, an empty value and a value holding the separator. */
    private static final List<String> LINES = List.of("k1:hello", "k2:world", "no separator here", "k3:", "k4:a:b");
    private static final List<String> VALUES = List.of("hello", "world", "no separator here", "", "a:b");
    private static final List<String> KEYS = List.of("k1", "k2", "", "k3", "k4");
    /** 2026-01-01T00:00:00Z, and the records of the timed topic one minute apart from it. */
    private static final long TIME_BASE = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static CliBroker broker;
    /** Offset of the first record of "lines" (0 on a fresh single-node topic). */
    private static long first;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBrokerAndProduce() throws Exception {
        broker = new CliBroker(Map.of());
        Cli.Result created = Cli.run("topic", "create", "lines", "-b", broker.bootstrap());
        assertThat(created.exitCode()).as("%s", created).isZero();
        Path input = dir.resolve("input.txt");
        Files.write(input, LINES, StandardCharsets.UTF_8);
        Cli.Result produced = Cli.run("produce", "lines", "--file", input.toString(), "--key-separator", ":",
                "--header", "source=test", "-H", "env=ci", "-b", broker.bootstrap());
        assertThat(produced.exitCode()).as("%s", produced).isZero();
        assertThat(produced.err()).contains("Produced 5 record(s) to lines");
        Cli.Result one = Cli.run("consume", "lines", "--from-beginning", "--max", "1", "--format", "json", "-b", broker.bootstrap());
        first = (Long) MiniJson.object(one.out()).get("offset");

        assertThat(Cli.run("topic", "create", "timed", "-b", broker.bootstrap()).exitCode()).isZero();
        try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(broker.bootstrap()).build())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord("timed", 0, TIME_BASE + i * 60_000L, null,
                        ("minute-" + i).getBytes(StandardCharsets.UTF_8), null));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Cli.Result consume(String... args) {
        List<String> full = new ArrayList<>(List.of("consume"));
        full.addAll(List.of(args));
        full.addAll(List.of("--bootstrap", broker.bootstrap(), "--timeout-ms", "10000"));
        Cli.Result r = Cli.run(full.toArray(new String[0]));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    @Test
    void consume_from_the_beginning_prints_each_value_on_its_own_line() {
        assertThat(consume("lines", "--from-beginning", "--max", "5").outLines()).isEqualTo(VALUES);
    }

    @Test
    void consume_stops_after_max_records() {
        assertThat(consume("lines", "--from-beginning", "--max", "2").outLines()).containsExactly("hello", "world");
    }

    @Test
    void print_metadata_adds_partition_offset_timestamp_and_key() {
        List<String> lines = consume("lines", "--from-beginning", "--max", "5", "--print-metadata").outLines();
        assertThat(lines).hasSize(5);
        for (int i = 0; i < 5; i++) {
            String[] cols = lines.get(i).split("\t", -1);
            assertThat(cols).hasSize(5);
            assertThat(cols[0]).isEqualTo("0");
            assertThat(cols[1]).isEqualTo(String.valueOf(first + i));
            assertThat(Instant.parse(cols[2])).isBefore(Instant.now().plusSeconds(60));
            assertThat(cols[3]).isEqualTo(KEYS.get(i));
            assertThat(cols[4]).isEqualTo(VALUES.get(i));
        }
    }

    @Test
    void json_format_prints_one_object_per_record_with_key_value_and_headers() {
        List<String> lines = consume("lines", "--from-beginning", "--max", "5", "--format", "json").outLines();
        assertThat(lines).hasSize(5);
        for (int i = 0; i < 5; i++) {
            Map<String, Object> r = MiniJson.object(lines.get(i));
            assertThat(r).containsEntry("topic", "lines").containsEntry("partition", 0L).containsEntry("offset", first + i)
                    .containsEntry("value", VALUES.get(i)).containsEntry("headers", Map.of("source", "test", "env", "ci"))
                    .containsKey("timestamp");
            assertThat(r.get("key")).isEqualTo(KEYS.get(i).isEmpty() ? null : KEYS.get(i));
        }
    }

    @Test
    void consume_from_an_offset_starts_there() {
        assertThat(consume("lines", "--offset", String.valueOf(first + 3), "--max", "2").outLines()).containsExactly("", "a:b");
    }

    @Test
    void consume_from_a_time_starts_at_the_first_record_at_or_after_it() {
        List<String> lines = consume("timed", "--from-time", "2026-01-01T00:04:30Z", "--idle-ms", "500").outLines();
        assertThat(lines).containsExactly("minute-5", "minute-6", "minute-7", "minute-8", "minute-9");
        assertThat(consume("timed", "--from-time", "2026-01-01T00:07:00+00:00", "--max", "1").outLines()).containsExactly("minute-7");
    }

    @Test
    void idle_ms_stops_a_consumer_that_has_read_everything() {
        assertThat(consume("lines", "--from-beginning", "--idle-ms", "300").outLines()).isEqualTo(VALUES);
    }

    @Test
    void a_time_that_is_not_iso_8601_is_a_usage_error() {
        Cli.Result r = Cli.run("consume", "timed", "--from-time", "yesterday", "-b", broker.bootstrap());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--from-time 'yesterday'");
    }

    @Test
    void two_start_positions_are_a_usage_error() {
        Cli.Result r = Cli.run("consume", "lines", "--from-beginning", "--offset", "1", "-b", broker.bootstrap());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines().get(0)).startsWith("error: ").contains("mutually exclusive");
    }

    @Test
    void a_group_with_a_partition_or_an_offset_is_a_usage_error() {
        Cli.Result partition = Cli.run("consume", "lines", "--group", "g", "--partition", "0", "-b", broker.bootstrap());
        assertThat(partition.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(partition.err()).contains("--group").contains("--partition");

        Cli.Result offset = Cli.run("consume", "lines", "--group", "g", "--offset", "3", "-b", broker.bootstrap());
        assertThat(offset.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void an_invalid_group_id_is_a_usage_error() {
        Cli.Result r = Cli.run("consume", "lines", "--group", "no spaces", "-b", broker.bootstrap());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("group.id");
    }
}
