package io.brook.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brook cluster down}: stops exactly the processes that {@code cluster up} recorded, after
 * checking that each pid still runs a Brook server with the recorded data directory (a reused pid
 * is left alone). SIGTERM, then SIGKILL after the grace period. Keeps data and logs; removes the
 * record. Idempotent.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop the local cluster that 'brook cluster up' started.",
                "Sends SIGTERM to each recorded broker process (once sure the pid still runs that broker), then "
                        + "SIGKILL to any still running after --timeout-ms.",
                "Data and logs stay. With no cluster recorded it does nothing."})
public final class ClusterDownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterDirOption data;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "How long each broker may take to shut down gracefully before it is killed (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (timeoutMs < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must not be negative, got " + timeoutMs);
        }
        Path dir = data.dir();
        PrintWriter out = spec.commandLine().getOut();
        Optional<ClusterRecord> record = ClusterRecord.read(dir);
        if (record.isEmpty()) {
            out.println("No cluster recorded in " + dir + "; nothing to stop.");
            out.flush();
            return ExitCodes.OK;
        }
        List<ClusterRecord.Node> running = new ArrayList<>();
        List<ProcessHandle> handles = new ArrayList<>();
        for (ClusterRecord.Node n : record.get().nodes()) {
            Optional<ProcessHandle> h = ClusterProcesses.brokerProcess(n);
            if (h.isPresent()) {
                running.add(n);
                handles.add(h.get());
            } else if (n.pid() > 0 && ProcessHandle.of(n.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                out.println("Broker " + n.id() + ": pid " + n.pid() + " is no longer a Brook broker of this cluster; left alone.");
            } else {
                out.println("Broker " + n.id() + " (pid " + n.pid() + ") was not running.");
            }
        }
        List<ClusterProcesses.Stopped> results = ClusterProcesses.stopAll(handles, Duration.ofMillis(timeoutMs));
        boolean allStopped = true;
        for (int i = 0; i < running.size(); i++) {
            ClusterRecord.Node n = running.get(i);
            switch (results.get(i)) {
                case TERMINATED -> out.println("Stopped broker " + n.id() + " (pid " + n.pid() + ").");
                case KILLED -> out.println("Killed broker " + n.id() + " (pid " + n.pid() + "): it did not stop within "
                        + timeoutMs + " ms.");
                case STILL_RUNNING -> {
                    allStopped = false;
                    spec.commandLine().getErr().println("error: broker " + n.id() + " (pid " + n.pid() + ") is still running after SIGKILL");
                }
            }
        }
        if (!allStopped) {
            out.flush();
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
        ClusterRecord.delete(dir);
        out.println("Cluster in " + dir + " is down; data and logs are kept (delete the directory to start afresh).");
        out.flush();
        return ExitCodes.OK;
    }
}
