package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.jepsen.checker.CheckResult;
import io.brook.jepsen.nemesis.Nemeses;
import io.brook.jepsen.powerfs.PowerFs;
import io.brook.jepsen.runner.JepsenRun;
import io.brook.jepsen.runner.RunOptions;
import io.brook.jepsen.runner.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brook verify}: the Jepsen-style workload and checkers, against a local cluster the command
 * starts and injects faults into, or against an existing cluster without faults.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check that nothing acknowledged is lost: the Jepsen-style fault test.",
                "",
                "Sends unique values and polls them back while faults are injected, then reads everything and runs "
                        + "the checkers (lost-write, unseen, missing-at-end, duplicate, inconsistent-offsets, "
                        + "nonmonotonic-poll, poll-skip, unexpected, aborted-read, lost-admin-change, producer-order, split-brain; "
                        + "with --group-consumers also group-lost, commit-backwards, group-skip).",
                "",
                "Without --bootstrap each run starts NODES broker processes on 127.0.0.1, their broker-to-broker "
                        + "traffic through fault-injecting proxies. With --bootstrap it checks an existing cluster, without "
                        + "faults. Each run writes history.jsonl.gz, summary.json and plot.html into its results folder.",
                "",
                "Nemeses: kill-random, kill-leader, kill-majority, pause-random, pause-leader, partition-node, "
                        + "partition-leader, partition-halves, partition-bridge, truncate-tail, bitflip-tail; two at once on "
                        + "different brokers: damage+kill-leader, partition+kill, pause+damage; power-loss-one, power-loss-all, "
                        + "power-loss-staggered, power-loss-new-topic, power-loss-after-restart; planned maintenance: rolling-restart; "
                        + "all; none; with --group-consumers "
                        + "also consumer-kill (not in all). The power-loss "
                        + "nemeses put the brokers' data on a FUSE file system that drops what was not fsynced (root, "
                        + "/dev/fuse, gcc and libfuse3 needed); where it cannot be mounted, all leaves them out and says why.",
                ""},
        footer = {"", "Examples:",
                "  brook verify --nemesis all --time 300 --runs 10",
                "  brook verify --nemesis partition-leader,kill-leader --time 60 --seed 42",
                "  brook verify --group-consumers 3 --nemesis consumer-kill,kill-leader --time 60",
                "  brook verify --bootstrap 127.0.0.1:9192 --topic verify-1 --time 60",
                "", "Exit codes: 0 every run valid, 1 an anomaly was found or a run failed, 2 bad usage, 3 no broker answers at "
                        + "--bootstrap."})
public final class VerifyCommand implements Callable<Integer> {

    /** How long the check of a --bootstrap cluster waits for an answer. */
    private static final long PROBE_TIMEOUT_MS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Check this existing cluster instead of starting one (no faults are injected).")
    String bootstrap;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC",
            description = "Topic to use (default: jepsen for local runs; required with --bootstrap). Created if missing.")
    String topic;

    @Option(names = "--nemesis", paramLabel = "NAMES", description = "Comma-separated nemeses, all, or none (default: all; none with --bootstrap).")
    String nemesis;

    @Option(names = "--time", defaultValue = "60", paramLabel = "SECONDS", description = "Length of the load-with-faults phase of each run (default: ${DEFAULT-VALUE}).")
    int timeSeconds;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "Number of runs, seeds SEED, SEED+1, ... (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the first run (default: from the clock; printed).")
    Long seed;

    @Option(names = "--nodes", defaultValue = "3", paramLabel = "N", description = "Brokers of a local cluster (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = {"-p", "--partitions"}, defaultValue = "6", paramLabel = "N", description = "Partitions of a new topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = {"-r", "--replication-factor"}, paramLabel = "N",
            description = "Replication factor of a new topic (default: 3, or the number of live brokers when fewer).")
    Integer replicationFactor;

    @Option(names = "--acks", defaultValue = "all", paramLabel = "all|1", description = "Producer acks (default: ${DEFAULT-VALUE}; 1 may lose writes by design).")
    String acks;

    @Option(names = "--idempotence", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "false turns the producers' idempotence off, so that retries may write a record twice or after "
                    + "later ones (default: ${DEFAULT-VALUE}: on with acks=all, off with acks=1).")
    boolean idempotence;

    @Option(names = "--in-flight", defaultValue = "8", paramLabel = "N",
            description = "Sends each send worker keeps in flight at once (default: ${DEFAULT-VALUE}).")
    int sendsInFlight;

    @Option(names = "--fault-ms", defaultValue = "4000", paramLabel = "MS", description = "Typical length of a fault (default: ${DEFAULT-VALUE}).")
    long faultMs;

    @Option(names = "--quiet-ms", defaultValue = "3000", paramLabel = "MS", description = "Typical healthy time between faults (default: ${DEFAULT-VALUE}).")
    long quietMs;

    @Option(names = "--senders", defaultValue = "3", paramLabel = "N", description = "Send workers (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--pollers", defaultValue = "2", paramLabel = "N", description = "Poll workers (default: ${DEFAULT-VALUE}).")
    int pollers;

    @Option(names = "--group-consumers", defaultValue = "0", paramLabel = "N",
            description = "The subscribe workload: N members of a consumer group that commit after each poll, checked by "
                    + "group-lost, commit-backwards and group-skip; needed by the consumer-kill nemesis (default: ${DEFAULT-VALUE}, none).")
    int groupConsumers;

    @Option(names = "--results", paramLabel = "DIR", description = "Results root (default: ./jepsen-results/<date-time>); run i writes DIR/run-i.")
    Path results;

    /**
     * The power-loss nemeses need FUSE: named explicitly where it cannot be mounted, they are a usage
     * error with the reason; coming from {@code all}, they are left out with a note.
     */
    private List<String> powerLossWhereMountable(List<String> nemeses, PrintWriter out) {
        if (nemeses.stream().noneMatch(Nemeses.POWER_LOSS_NAMES::contains)) {
            return nemeses;
        }
        java.util.Optional<String> reason = PowerFs.unavailableReason();
        if (reason.isEmpty()) {
            return nemeses;
        }
        List<String> named = java.util.Arrays.stream(nemesis == null ? new String[0] : nemesis.split(","))
                .map(String::trim).filter(Nemeses.POWER_LOSS_NAMES::contains).toList();
        if (!named.isEmpty()) {
            throw new ParameterException(spec.commandLine(), named + " cannot run here: " + reason.get());
        }
        out.println("verify: leaving out the power-loss nemeses: " + reason.get());
        return nemeses.stream().filter(n -> !Nemeses.POWER_LOSS_NAMES.contains(n)).toList();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1 || timeSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--runs and --time must be at least 1");
        }
        if (!"all".equals(acks) && !"1".equals(acks) && !"-1".equals(acks)) {
            throw new ParameterException(spec.commandLine(), "--acks must be all or 1");
        }
        List<String> nemeses;
        try {
            nemeses = Nemeses.parse(nemesis != null ? nemesis : bootstrap != null ? "none" : "all");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (bootstrap != null && !nemeses.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "faults are injected only into a cluster verify starts itself; "
                    + "with --bootstrap leave out --nemesis (or give none)");
        }
        if (bootstrap != null && topic == null) {
            throw new ParameterException(spec.commandLine(), "--bootstrap needs --topic: the topic to write and read");
        }
        nemeses = powerLossWhereMountable(nemeses, out);
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(), "--replication-factor must be at least 1, got " + replicationFactor);
        }
        int rf;
        if (bootstrap != null) {
            int live = liveBrokers(bootstrap);
            rf = replicationFactor != null ? replicationFactor : Math.min(3, live);
            out.println("verify: " + live + " live broker(s) at " + bootstrap + "; a new topic gets replication factor " + rf);
        } else {
            rf = replicationFactor != null ? replicationFactor : Math.min(3, nodes);
        }
        Path root = results != null ? results
                : Path.of("jepsen-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        long first = seed != null ? seed : System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        int invalid = 0;
        for (int i = 1; i <= runs; i++) {
            RunOptions.Builder b = RunOptions.builder().bootstrap(bootstrap).topic(topic != null ? topic : "jepsen")
                    .nodes(nodes).partitions(partitions).replicationFactor(rf).nemeses(nemeses)
                    .timeSeconds(timeSeconds).faultMs(faultMs).quietMs(quietMs).seed(first + i - 1).sendWorkers(senders)
                    .pollWorkers(pollers).acks(acks).sendsInFlight(sendsInFlight).idempotence(idempotence)
                    .groupConsumers(groupConsumers)
                    .results(runs == 1 ? root : root.resolve("run-" + i));
            RunOptions options;
            try {
                options = b.build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            String row;
            try {
                RunResult r = new JepsenRun(options).run();
                long anomalies = r.results().stream().mapToLong(CheckResult::anomalies).sum();
                List<String> failed = r.results().stream().filter(c -> !c.valid()).map(CheckResult::name).toList();
                row = String.format("run %d  seed %d  %s  anomalies %d%s  %s", i, options.seed(), r.valid() ? "valid  " : "INVALID",
                        anomalies, failed.isEmpty() ? "" : " " + failed, r.folder());
                if (!r.valid()) {
                    invalid++;
                }
            } catch (Exception e) {
                invalid++;
                row = String.format("run %d  seed %d  ERROR    %s", i, options.seed(), ErrorHandler.message(ErrorHandler.unwrap(e)));
                deleteIfEmpty(options.results());
            }
            rows.add(row);
            out.println(row);
            out.flush();
        }
        deleteIfEmpty(root);
        out.println();
        out.println("verify: " + (runs - invalid) + " of " + runs + " runs valid; "
                + (Files.isDirectory(root) ? "results under " + root.toAbsolutePath() : "no results were written"));
        if (runs > 1) {
            rows.forEach(out::println);
        }
        return invalid == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * How many brokers of the cluster at {@code bootstrap} are alive, asked before anything is
     * written, so that a cluster that does not answer fails at once with exit code 3.
     */
    private static int liveBrokers(String bootstrap) {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).clientId("brook-verify")
                .defaultApiTimeoutMs(PROBE_TIMEOUT_MS).requestTimeoutMs((int) PROBE_TIMEOUT_MS).build())) {
            return admin.describeCluster().get(PROBE_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS).brokers().size();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "no answer from " + bootstrap + " within " + PROBE_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = ErrorHandler.unwrap(e);
            throw new CliException(ErrorHandler.exitCode(cause), "cannot check the cluster at " + bootstrap + ": "
                    + ErrorHandler.message(cause), cause);
        }
    }

    /** A results folder a failed run left empty is removed, so that no message points at an empty folder. */
    private static void deleteIfEmpty(Path dir) {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // absent, or not ours to clean: leave it
        }
    }
}
