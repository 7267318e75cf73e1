package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code brook verify} with bad command lines: exit code 2 and a one-line message, before any broker
 * starts or any results folder is written. (Real runs are in jepsen-style-tests.)
 */
class VerifyCommandUsageTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--nemesis=kill-everything", "--nemesis=kill-leader,bogus", "--runs=0", "--time=0",
            "--time=soon", "--acks=2", "--nodes=0", "--partitions=0", "--replication-factor=4",
            "--bootstrap=127.0.0.1:1", "--in-flight=0", "--idempotence=maybe", "--bogus"})
    void a_bad_command_line_exits_2_and_runs_nothing(String flag) {
        Cli.Result r = Cli.run("verify", "--results", dir.resolve("out").toString(), flag);

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines().get(0)).as("%s", r).startsWith("error: ");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--nemesis=kill-leader", "--nemesis=all"})
    void faults_against_an_existing_cluster_are_refused(String nemesis) {
        Cli.Result r = Cli.run("verify", "--bootstrap", "127.0.0.1:1", "--topic", "t", nemesis,
                "--results", dir.resolve("out").toString());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines().get(0)).contains("--bootstrap");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
