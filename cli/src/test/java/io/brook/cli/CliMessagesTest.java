package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.brook.broker.config.BrokerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The messages and exit codes of issue 13's papercuts: each reads as a person would write it and
 * exits with the code docs/cli.md gives (2 for a bad value, 3 when no broker answers).
 */
class CliMessagesTest {

    /** Generous bound for commands that must not wait for --timeout-ms (60 s below): a guard, not a timing check. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    private static CliBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = new CliBroker(Map.of(BrokerConfig.AUTO_CREATE_TOPICS, "true"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }


    private static void assertUsageError(Cli.Result r, String command, String... fragments) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        List<String> lines = r.errLines();
        assertThat(lines).as("%s", r).hasSize(2);
        assertThat(lines.get(0)).startsWith("error: ").contains(fragments).doesNotContain("Exception");
        assertThat(lines.get(1)).isEqualTo("Run '" + command + " --help' for usage.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void invalid_values_exit_2_with_the_reason_and_a_hint() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        String b = broker.bootstrap();
        assertUsageError(Cli.run("topic", "create", "x", "--partitions", "0", "-b", b), "brook topic create", "at least 1 partition");
        assertUsageError(Cli.run("topic", "create", "x", "-p", "-1", "-b", b), "brook topic create", "got -1");
        assertUsageError(Cli.run("topic", "create", "bad/name", "-b", b), "brook topic create", "'bad/name'", "'/'");
        assertUsageError(Cli.run("produce", "x", "--acks", "2", "--file", input.toString(), "-b", b), "brook produce", "acks", "'2'");
        assertUsageError(Cli.run("produce", "x", "--compression", "foo", "--file", input.toString(), "-b", b), "brook produce", "'foo'");
        assertUsageError(Cli.run("consume", "x", "--offset=-5", "-b", b), "brook consume", "--offset must be 0 or more, got -5");
        assertUsageError(Cli.run("topic", "list", "--bootstrap", "garbage"), "brook topic list", "'garbage'", "host:port");
    }

    @Test
    void picocli_messages_have_no_doubled_words() {
        // when picocli's own messages are printed
        Cli.Result exclusive = Cli.run("consume", "x", "--from-beginning", "--offset", "3");
        Cli.Result keyValue = Cli.run("topic", "create", "x", "-c", "foo");

        // then they read as one sentence after "error: "
        assertUsageError(exclusive, "brook consume", "--from-beginning, --offset=N are mutually exclusive");
        assertThat(exclusive.err()).doesNotContainIgnoringCase("error: error:");
        assertUsageError(keyValue, "brook topic create", "option '--config'");
        assertThat(keyValue.err()).doesNotContain("option option");
    }

    @Test
    void a_refused_connection_is_called_refused_and_exits_3() throws IOException {
        // given a port nothing listens on, when a read-only command cannot reach it
        Cli.Result r = Cli.run("topic", "list", "-b", CliBroker.closedPort(), "--timeout-ms", "1000");

        // then it says the connection was refused, not that a broker closed it, and no "effect is unknown" for a read
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: listing topics did not complete within 1000 ms")
                .contains("connection refused").doesNotContain("closed by the broker").doesNotContain("effect is unknown");
    }

    @Test
    void an_unresolvable_host_is_named_as_such_and_exits_3() {
        // when the bootstrap host does not resolve (.invalid never does)
        Cli.Result r = Cli.run("topic", "list", "-b", "nosuchhost.invalid:9192", "--timeout-ms", "1000");

        // then the message says so
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.errLines()).singleElement().asString()
                .contains("the host name 'nosuchhost.invalid' does not resolve").doesNotContain("is closed");
    }

    @Test
    void deleting_an_unknown_topic_does_not_advise_creating_it() {
        // when
        Cli.Result r = Cli.run("topic", "delete", "nosuch", "-b", broker.bootstrap(), "--timeout-ms", "5000");

        // then
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).containsExactly("error: topic 'nosuch' does not exist, so there is nothing to delete: "
                + "`brook topic list` lists the topics there are");
    }

    @Test
    void a_second_broker_on_the_same_data_directory_says_another_broker_uses_it() {
        // given a broker running on a data directory
        try (CliBroker first = new CliBroker(Map.of())) {
            Path data = first.dataDir();

            // when another is started there
            Cli.Result r = assertTimeoutPreemptively(GUARD,
                    () -> Cli.run("server", "--data", data.toString(), "--listener", "127.0.0.1:0"));

            // then it stops at once with one line that names the directory, not RocksDB's LOCK error
            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
            assertThat(r.errLines()).singleElement().asString()
                    .startsWith("error: another broker (pid " + ProcessHandle.current().pid() + ") uses the data directory " + data)
                    .doesNotContain("LOCK").doesNotContain("RocksDB");
        }
    }

    @Test
    void a_missing_input_file_is_named_with_the_reason() {
        // when
        Cli.Result r = Cli.run("produce", "x", "--file", "/nonexistent", "-b", broker.bootstrap());

        // then: not "cannot read /nonexistent: /nonexistent"
        assertUsageError(r, "brook produce", "--file /nonexistent: no such file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ünïcødé", "主题"})
    void a_topic_name_in_another_script_is_echoed_as_typed(String name) {
        // when
        Cli.Result r = Cli.run("topic", "create", name, "-b", broker.bootstrap());

        // then
        assertUsageError(r, "brook topic create", "topic name '" + name + "'");
        assertThat(r.err()).doesNotContain("?");
    }

    @Test
    void consuming_an_unknown_topic_on_an_auto_creating_broker_stops_after_idle_ms() {
        // when a topic that does not exist yet is consumed with --idle-ms, on a broker like brook dev (long enough for
        // the first metadata answer, which creates the topic, of a client that is the first of its JVM: 300 ms was not,
        // run alone on a loaded machine)
        Cli.Result r = assertTimeoutPreemptively(GUARD, () -> Cli.run("consume", "appears-on-first-use", "--from-beginning",
                "--idle-ms", "2000", "-b", broker.bootstrap(), "--timeout-ms", "60000"));

        // then the broker created it and the command stopped once idle, printing nothing
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Cli.run("topic", "list", "-b", broker.bootstrap()).outLines()).contains("appears-on-first-use");
    }

    @Test
    void consuming_an_unknown_topic_without_auto_create_fails_after_idle_ms_rather_than_the_timeout() {
        // given a broker that does not create topics
        try (CliBroker plain = new CliBroker(Map.of())) {
            // when
            Cli.Result r = assertTimeoutPreemptively(GUARD, () -> Cli.run("consume", "nosuch", "--idle-ms", "300",
                    "-b", plain.bootstrap(), "--timeout-ms", "60000"));

            // then
            assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
            assertThat(r.errLines()).singleElement().asString().contains("topic 'nosuch' does not exist");
        }
    }
}
