package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code brook cluster up|status|down} with bad command lines and with nothing to do: exit codes
 * and one-line messages, and nothing started or written.
 */
class ClusterCommandUsageTest {

    @TempDir
    Path dir;

    private static void assertUsageError(Cli.Result r) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).as("%s", r).hasSize(2);
        assertThat(r.errLines().get(0)).startsWith("error: ");
        assertThat(r.errLines().get(1)).startsWith("Run 'brook cluster ");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--nodes=0", "--nodes=-1", "--nodes=three", "--base-port=0", "--base-port=65535",
            "--base-port=x", "--set=broker.id=4", "--set=listener=127.0.0.1:1", "--set=data.dir=/tmp/x",
            "--set=controller.voters=1@127.0.0.1:1", "--timeout-ms=0", "--output=xml", "--bogus"})
    void up_with_a_bad_flag_exits_2_and_starts_nothing(String flag) {
        Cli.Result r = Cli.run("cluster", "up", "--data", dir.toString(), flag);

        assertUsageError(r);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void up_with_an_invalid_broker_config_exits_4_before_starting_anything() {
        Cli.Result r = Cli.run("cluster", "up", "--data", dir.toString(), "--set", "log.segment.bytes=abc");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: ").contains("log.segment.bytes");
        assertThat(dir).isEmptyDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--output=xml", "--timeout-ms=soon", "--bogus"})
    void status_with_a_bad_flag_exits_2(String flag) {
        assertUsageError(Cli.run("cluster", "status", "--data", dir.toString(), flag));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--timeout-ms=-1", "--timeout-ms=x", "--bogus", "extra-argument"})
    void down_with_a_bad_flag_exits_2(String flag) {
        assertUsageError(Cli.run("cluster", "down", "--data", dir.toString(), flag));
    }

    @Test
    void down_without_a_recorded_cluster_exits_0_and_says_so() {
        Cli.Result r = Cli.run("cluster", "down", "--data", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("No cluster recorded in " + dir.toAbsolutePath().normalize()).contains("nothing to stop");
    }

    @Test
    void status_when_no_broker_answers_lists_what_it_asked_and_exits_3() throws Exception {
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "127.0.0.1:" + s.getLocalPort();
        }

        Cli.Result r = Cli.run("cluster", "status", "--data", dir.toString(), "--bootstrap", closed, "--timeout-ms", "2000");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.out()).contains(closed).contains("no");
        assertThat(r.errLines()).singleElement().asString().isEqualTo("error: no broker answered at " + closed);
    }

    @Test
    void an_unreadable_record_is_an_error_that_names_the_file() throws Exception {
        Files.writeString(dir.resolve(ClusterRecord.FILE_NAME), "format.version=1\nnodes=2\n");

        Cli.Result r = Cli.run("cluster", "down", "--data", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: cannot read ")
                .contains(ClusterRecord.FILE_NAME).contains("missing node.1.address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "status", "down"})
    void an_empty_record_after_a_power_loss_is_one_clear_error_and_up_starts_nothing(String command) throws Exception {
        Files.write(dir.resolve(ClusterRecord.FILE_NAME), new byte[0]);

        Cli.Result r = Cli.run("cluster", command, "--data", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: ")
                .contains(ClusterRecord.FILE_NAME + " is damaged: the file is empty")
                .contains("delete the file and run 'brook cluster up' with the same --nodes and --base-port");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ClusterRecord.FILE_NAME);
        }
    }

    @Test
    void the_record_round_trips() {
        ClusterRecord written = new ClusterRecord(dir.toAbsolutePath(), "1@127.0.0.1:1", List.of(
                new ClusterRecord.Node(1, "127.0.0.1", 1, 42, dir.resolve("node1"), dir.resolve("node1.log"), "java x"),
                new ClusterRecord.Node(2, "127.0.0.1", 2, -1, dir.resolve("node2"), dir.resolve("node2.log"), "")));

        written.write();

        assertThat(ClusterRecord.read(dir.toAbsolutePath())).contains(written);
    }
}
