package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook cluster down} signals only what is still the recorded broker: a pid that now runs
 * something else is left alone, a pid that is gone is reported, and the record goes either way.
 */
class ClusterDownCommandTest {

    @TempDir
    Path dir;

    private ClusterRecord recordWith(long pid) {
        Path abs = dir.toAbsolutePath().normalize();
        return new ClusterRecord(abs, "1@127.0.0.1:1", List.of(
                new ClusterRecord.Node(1, "127.0.0.1", 1, pid, abs.resolve("node1"), abs.resolve("node1.log"), "")));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void a_recorded_pid_that_runs_another_program_is_left_alone() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            recordWith(other.pid()).write();

            Cli.Result r = Cli.run("cluster", "down", "--data", dir.toString(), "--timeout-ms", "1000");

            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.out()).contains("pid " + other.pid() + " is no longer a Brook broker of this cluster; left alone");
            assertThat(other.isAlive()).as("the other program still runs").isTrue();
            assertThat(ClusterRecord.read(dir.toAbsolutePath().normalize())).isEmpty();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_recorded_pid_that_is_gone_is_reported_and_the_record_removed() throws Exception {
        Process gone = new ProcessBuilder(ClusterProcesses.javaExecutable(), "-version").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        recordWith(gone.pid()).write();

        Cli.Result r = Cli.run("cluster", "down", "--data", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Broker 1 (pid " + gone.pid() + ") was not running.").contains("is down");
        assertThat(ClusterRecord.read(dir.toAbsolutePath().normalize())).isEmpty();
    }

    @Test
    void only_a_server_command_line_with_the_recorded_data_dir_counts_as_the_broker() {
        Path data = Path.of("/data/node1");
        String main = ClusterProcesses.MAIN_CLASS;

        assertThat(ClusterProcesses.isBrokerOf(List.of("java", "-cp", "x", main, "server", "--data", "/data/node1"), data)).isTrue();
        assertThat(ClusterProcesses.isBrokerOf(List.of("java", "-cp", "x", main, "server", "--data", "/data/node2"), data)).isFalse();
        assertThat(ClusterProcesses.isBrokerOf(List.of("java", "-cp", "x", main, "dev", "--data", "/data/node1"), data)).isFalse();
        assertThat(ClusterProcesses.isBrokerOf(List.of("sleep", "--data", "/data/node1"), data)).isFalse();
        assertThat(ClusterProcesses.isBrokerOf(List.of(), data)).isFalse();
    }
}
