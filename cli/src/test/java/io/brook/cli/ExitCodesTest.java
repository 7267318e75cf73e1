package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when something goes wrong: one line on stderr starting with {@code error:}, no
 * stack trace unless {@code --verbose}, and the documented exit code ({@link ExitCodes}).
 */
class ExitCodesTest {

    private static CliBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = new CliBroker(Map.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }


    private static void assertOneErrorLine(Cli.Result r) {
        List<String> errors = r.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as("%s", r).hasSize(1);
        assertThat(r.err()).as("no stack trace without --verbose").doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void an_unknown_flag_exits_2_with_one_error_line_and_a_hint() {
        Cli.Result r = Cli.run("topic", "list", "--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("--no-such-flag").contains("Run 'brook topic list --help' for usage.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_missing_argument_or_bad_number_exits_2() {
        assertThat(Cli.run("topic", "create").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Result r = Cli.run("topic", "create", "x", "--partitions", "many");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(Cli.run("no-such-command").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void consuming_an_unknown_topic_fails_with_one_line() {
        Cli.Result r = Cli.run("consume", "no-such-topic", "--from-beginning", "--max", "1", "-b", broker.bootstrap(), "--timeout-ms", "1000");
        assertThat(r.exitCode()).isNotZero().isNotEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("no-such-topic");
    }

    @Test
    void producing_to_an_unknown_topic_fails_with_one_line() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
        Cli.Result r = Cli.run("produce", "no-such-topic", "--file", input.toString(), "-b", broker.bootstrap(), "--timeout-ms", "1000");
        assertThat(r.exitCode()).isNotZero().isNotEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("no-such-topic");
    }

    @Test
    void consuming_or_producing_a_partition_the_topic_does_not_have_fails_with_one_line() throws IOException {
        assertThat(Cli.run("topic", "create", "two", "-p", "2", "-b", broker.bootstrap()).exitCode()).isZero();
        Cli.Result consume = Cli.run("consume", "two", "--partition", "5", "--from-beginning", "-b", broker.bootstrap(), "--timeout-ms", "2000");
        assertThat(consume.exitCode()).as("%s", consume).isEqualTo(ExitCodes.FAILED);
        assertOneErrorLine(consume);
        assertThat(consume.err()).contains("has 2 partition(s)").contains("no partition 5");

        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        Cli.Result produce = Cli.run("produce", "two", "--partition", "5", "--file", input.toString(), "-b", broker.bootstrap(), "--timeout-ms", "2000");
        assertThat(produce.exitCode()).as("%s", produce).isEqualTo(ExitCodes.FAILED);
        assertOneErrorLine(produce);
        assertThat(produce.err()).contains("two-5");
    }

    @Test
    void describing_an_unknown_topic_fails_with_one_line() {
        Cli.Result r = Cli.run("topic", "describe", "no-such-topic", "-b", broker.bootstrap(), "--timeout-ms", "2000");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertOneErrorLine(r);
    }

    @Test
    void an_unreachable_broker_exits_3() throws IOException {
        Cli.Result r = Cli.run("topic", "list", "--bootstrap", CliBroker.closedPort(), "--timeout-ms", "500");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertOneErrorLine(r);
    }

    @Test
    void an_unreachable_broker_exits_3_for_produce_and_consume_too() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        String nowhere = CliBroker.closedPort();
        Cli.Result produce = Cli.run("produce", "t", "--file", input.toString(), "-b", nowhere, "--timeout-ms", "500");
        assertThat(produce.exitCode()).as("%s", produce).isEqualTo(ExitCodes.UNAVAILABLE);
        Cli.Result consume = Cli.run("consume", "t", "-b", nowhere, "--timeout-ms", "500");
        assertThat(consume.exitCode()).as("%s", consume).isEqualTo(ExitCodes.UNAVAILABLE);
        assertOneErrorLine(consume);
    }

    @Test
    void verbose_adds_the_stack_trace() throws IOException {
        Cli.Result r = Cli.run("topic", "list", "--bootstrap", CliBroker.closedPort(), "--timeout-ms", "500", "--verbose");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).startsWith("error: ").contains("\tat ");
    }

    @Test
    void a_server_with_an_invalid_value_exits_4_naming_the_key_and_starts_nothing() {
        Path data = dir.resolve("server-data");
        Cli.Result r = Cli.run("server", "--set", "log.segment.bytes=abc", "--data", data.toString(), "--listener", "127.0.0.1:0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: ").contains("log.segment.bytes").contains("abc");
        assertThat(data).as("a broker that never started creates no data directory").doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_server_with_an_unknown_key_or_missing_config_file_exits_4() {
        Path data = dir.resolve("server-data");
        Cli.Result unknown = Cli.run("server", "-s", "log.segmnt.bytes=1024", "--data", data.toString(), "--listener", "127.0.0.1:0");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(unknown.errLines()).singleElement().asString().contains("log.segmnt.bytes");
        Cli.Result missing = Cli.run("server", "--config", dir.resolve("none.properties").toString(), "--data", data.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(missing.errLines()).singleElement().asString().contains("none.properties");
        assertThat(data).doesNotExist();
    }

    @Test
    void the_top_level_command_without_a_subcommand_prints_usage_and_exits_0() {
        Cli.Result r = Cli.run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: brook").contains("Exit codes:");
    }
}
