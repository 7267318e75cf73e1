package io.brook.cli;

import io.brook.broker.config.BrokerConfig;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.MetadataResponse;
import io.brook.storage.DurableFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brook cluster up}: N brokers on 127.0.0.1 as background processes of their own, recorded
 * in {@code <data>/cluster.properties}; returns once every broker answers and a controller exists.
 * If that does not happen, it stops what it started and says which broker failed.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start a local cluster: N broker processes in the background on 127.0.0.1.",
                "Broker N listens on BASE-PORT+N-1, for other brokers on BASE-PORT+N+99;",
                "data: DIR/nodeN, output: DIR/nodeN.log.",
                "The first three brokers are the controller voters.",
                "Returns once every broker answers and a controller is elected.",
                "Stop the cluster with 'brook cluster down'."})
public final class ClusterUpCommand implements Callable<Integer> {

    static final String HOST = "127.0.0.1";
    private static final int MAX_VOTERS = 3;
    /** Keys that cluster up sets itself, one value per broker. */
    private static final Set<String> MANAGED = Set.of(BrokerConfig.BROKER_ID, BrokerConfig.LISTENER, BrokerConfig.DATA_DIR,
            BrokerConfig.CONTROLLER_VOTERS, BrokerConfig.PEER_LISTENER, BrokerConfig.METRICS_LISTENER);
    /** A broker's metrics endpoint (metrics.listener) is on its listener port + this. */
    static final int METRICS_PORT_OFFSET = 200;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterDirOption data;

    @Mixin
    OutputOptions output;

    @Option(names = {"-n", "--nodes"}, paramLabel = "N", defaultValue = "3", description = "Number of brokers (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "19192",
            description = "Listener port of broker 1; broker N gets PORT+N-1 (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Broker config for every broker (not broker.id, listener, peer.listener, metrics.listener, data.dir, "
                    + "controller.voters); "
                    + "repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--jvm-opt", paramLabel = "OPTION", description = "JVM option for every broker, e.g. -Xmx1g; repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "60000",
            description = "How long to wait for every broker to answer and a controller to be elected (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    /** The processes this command started, for their exit codes. */
    private final Map<ProcessHandle, Process> startedProcesses = new java.util.HashMap<>();

    @Override
    public Integer call() throws Exception {
        validateFlags();
        Path dir = data.dir();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ClusterRecord.Node> running = runningBrokers(dir);
        List<ClusterRecord.Node> planned = plan(dir);
        String voters = voters(planned);
        checkConfig(planned.get(0), voters);
        if (!running.isEmpty()) {
            checkGrowth(dir, running, planned, voters);
        }
        List<ClusterRecord.Node> toStart = planned.subList(running.size(), planned.size());
        for (ClusterRecord.Node n : toStart) {
            for (int port : new int[] {n.port(), peerPort(n), metricsPort(n)}) {
                if (ClusterProcesses.portBusy(n.host(), port)) {
                    throw new CliException(ExitCodes.FAILED, "port " + port + " on " + n.host()
                            + " is already in use; pick another --base-port");
                }
            }
        }

        err.println(running.isEmpty() ? "Starting " + nodes + " broker(s) in " + dir + " ..."
                : "Adding broker(s) " + toStart.get(0).id() + ".." + nodes + " to the running cluster in " + dir + " ...");
        err.flush();
        List<ProcessHandle> processes = new ArrayList<>();
        List<ClusterRecord.Node> started = new ArrayList<>(running);
        for (ClusterRecord.Node n : running) {
            processes.add(ClusterProcesses.brokerProcess(n).orElseThrow(
                    () -> new CliException(ExitCodes.FAILED, "broker " + n.id() + " stopped while brokers were being added")));
        }
        List<ProcessHandle> ours = new ArrayList<>();
        boolean ready = false;
        try {
            for (ClusterRecord.Node n : toStart) {
                DurableFiles.createDirectories(n.dataDir());
                List<String> command = ClusterProcesses.serverCommand(jvmOptions, serverArgs(n, voters));
                Process p = ClusterProcesses.start(command, n.logFile());
                processes.add(p.toHandle());
                ours.add(p.toHandle());
                startedProcesses.put(p.toHandle(), p);
                started.add(n.withPid(p.pid(), String.join(" ", command)));
                // recorded at once: a 'cluster down' finds the brokers even if this command is interrupted
                new ClusterRecord(dir, voters, withPlanned(started, planned)).write();
            }
            int controller = awaitReady(started, processes);
            ready = true;
            print(out, dir, started, controller);
            return ExitCodes.OK;
        } finally {
            if (!ready) {
                ClusterProcesses.stopAll(ours, Duration.ofSeconds(10));
                if (running.isEmpty()) {
                    ClusterRecord.delete(dir);
                } else {
                    new ClusterRecord(dir, voters, running).write(); // the cluster as it was
                }
            }
        }
    }

    /** The recorded brokers whose processes run, in id order (empty when no cluster runs in {@code dir}). */
    private static List<ClusterRecord.Node> runningBrokers(Path dir) {
        List<ClusterRecord.Node> alive = new ArrayList<>();
        ClusterRecord.read(dir).ifPresent(r -> {
            for (ClusterRecord.Node n : r.nodes()) {
                ClusterProcesses.brokerProcess(n).ifPresent(h -> alive.add(n.withPid(h.pid(), n.command())));
            }
        });
        return alive;
    }

    /**
     * A running cluster may only grow: every recorded broker must run, with the addresses this command
     * would give it, and --nodes must be larger. The controller voters (the first three brokers) stay.
     */
    private void checkGrowth(Path dir, List<ClusterRecord.Node> running, List<ClusterRecord.Node> planned, String voters) {
        ClusterRecord record = ClusterRecord.read(dir).orElseThrow();
        List<String> pids = running.stream().map(n -> String.valueOf(n.pid())).toList();
        if (running.size() != record.nodes().size() || nodes <= running.size()) {
            throw new CliException(ExitCodes.FAILED, "the cluster in " + dir + " is still running (pid " + String.join(", ", pids)
                    + "); stop it first with: brook cluster down --data " + dir
                    + (running.size() == record.nodes().size() ? " (or add brokers: brook cluster up --nodes " + (running.size() + 1)
                    + " with the same --base-port and --set options as before)" : ""));
        }
        for (int i = 0; i < running.size(); i++) {
            if (!running.get(i).address().equals(planned.get(i).address()) || !record.voters().equals(voters)) {
                throw new CliException(ExitCodes.FAILED, "the running cluster in " + dir + " has broker " + running.get(i).id() + " at "
                        + running.get(i).address() + ", not " + planned.get(i).address() + ": use the --base-port it was started with");
            }
        }
    }

    private void validateFlags() {
        if (nodes < 1) {
            throw new ParameterException(spec.commandLine(), "--nodes must be at least 1, got " + nodes);
        }
        if (basePort < 1 || basePort + nodes - 1 + METRICS_PORT_OFFSET > 65535) {
            throw new ParameterException(spec.commandLine(), "--base-port " + basePort + " with " + nodes
                    + " node(s) needs ports outside 1..65535 (each broker's peer listener is its port + "
                    + BrokerConfig.PEER_PORT_OFFSET + ", its metrics endpoint its port + " + METRICS_PORT_OFFSET + ")");
        }
        if (timeoutMs < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be positive, got " + timeoutMs);
        }
        for (String key : set.keySet()) {
            if (MANAGED.contains(key)) {
                throw new ParameterException(spec.commandLine(), "--set " + key + " is chosen by 'cluster up' for each broker");
            }
        }
    }

    private List<ClusterRecord.Node> plan(Path dir) {
        List<ClusterRecord.Node> out = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            out.add(new ClusterRecord.Node(id, HOST, basePort + id - 1, -1, dir.resolve("node" + id),
                    dir.resolve("node" + id + ".log"), ""));
        }
        return out;
    }

    private static String voters(List<ClusterRecord.Node> nodes) {
        List<String> v = new ArrayList<>();
        for (ClusterRecord.Node n : nodes.subList(0, Math.min(MAX_VOTERS, nodes.size()))) {
            v.add(n.id() + "@" + n.host() + ":" + peerPort(n));
        }
        return String.join(",", v);
    }

    /** A broker's peer listener port: its listener's + {@value BrokerConfig#PEER_PORT_OFFSET}, the broker's default. */
    private static int peerPort(ClusterRecord.Node n) {
        return n.port() + BrokerConfig.PEER_PORT_OFFSET;
    }

    /** A broker's metrics.listener port: its listener's + {@value #METRICS_PORT_OFFSET}. */
    private static int metricsPort(ClusterRecord.Node n) {
        return n.port() + METRICS_PORT_OFFSET;
    }

    /** Fails with exit code 4 and the broker's own message when a --set key or value is invalid. */
    private void checkConfig(ClusterRecord.Node first, String voters) {
        Map<String, String> cfg = new LinkedHashMap<>(set);
        cfg.put(BrokerConfig.BROKER_ID, String.valueOf(first.id()));
        cfg.put(BrokerConfig.LISTENER, first.address());
        cfg.put(BrokerConfig.DATA_DIR, first.dataDir().toString());
        cfg.put(BrokerConfig.CONTROLLER_VOTERS, voters);
        BrokerConfig.of(cfg);
    }

    private List<String> serverArgs(ClusterRecord.Node n, String voters) {
        List<String> args = new ArrayList<>(List.of("--broker-id", String.valueOf(n.id()), "--listener", n.address(),
                "--data", n.dataDir().toString(), "--set", BrokerConfig.CONTROLLER_VOTERS + "=" + voters,
                "--set", BrokerConfig.METRICS_LISTENER + "=" + n.host() + ":" + metricsPort(n)));
        for (Map.Entry<String, String> e : set.entrySet()) {
            args.add("--set");
            args.add(e.getKey() + "=" + e.getValue());
        }
        return args;
    }

    private static List<ClusterRecord.Node> withPlanned(List<ClusterRecord.Node> started, List<ClusterRecord.Node> planned) {
        List<ClusterRecord.Node> all = new ArrayList<>(started);
        all.addAll(planned.subList(started.size(), planned.size()));
        return all;
    }

    /** Waits until every broker answers Metadata listing every broker as alive, and a controller exists; returns its id. */
    private int awaitReady(List<ClusterRecord.Node> nodes, List<ProcessHandle> processes) {
        // the local cluster is plaintext (cluster up starts it with no TLS or users)
        try (ClusterWire wire = new ClusterWire(io.brook.client.ClientSecurity.NONE, 1000)) {
            return awaitReady(nodes, processes, wire);
        }
    }

    private int awaitReady(List<ClusterRecord.Node> nodes, List<ProcessHandle> processes, ClusterWire wire) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String lastProblem = "no broker answered yet";
        while (true) {
            for (int i = 0; i < nodes.size(); i++) {
                ProcessHandle p = processes.get(i);
                if (!p.isAlive()) {
                    ClusterRecord.Node n = nodes.get(i);
                    String last = ClusterProcesses.lastLine(n.logFile());
                    Process own = startedProcesses.get(p);
                    String code = own != null ? " with code " + own.exitValue() : "";
                    throw new CliException(ExitCodes.FAILED, "broker " + n.id() + " exited" + code
                            + " before the cluster was ready; see " + n.logFile() + (last.isEmpty() ? "" : " (last line: " + last + ")"));
                }
            }
            int controller = -1;
            Set<Integer> answered = new HashSet<>();
            // a broker always lists itself; the others only once the controller has their registration and
            // heartbeats, which is also when topics may be placed on them
            String incomplete = null;
            for (ClusterRecord.Node n : nodes) {
                try {
                    MetadataResponse m = wire.metadata(n.host(), n.port());
                    answered.add(n.id());
                    controller = Math.max(controller, m.getControllerId());
                    Set<Integer> listed = new TreeSet<>();
                    for (BrokerInfo b : m.getBrokersList()) {
                        listed.add(b.getId());
                    }
                    if (listed.size() < nodes.size() && incomplete == null) {
                        incomplete = "broker " + n.id() + " knows only brokers " + listed;
                    }
                } catch (IOException e) {
                    lastProblem = "broker " + n.id() + " at " + n.address() + ": " + ErrorHandler.message(e);
                }
            }
            if (answered.size() == nodes.size()) {
                if (controller < 0) {
                    lastProblem = "no controller elected yet";
                } else if (incomplete != null) {
                    lastProblem = incomplete;
                } else {
                    return controller;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CliException(ExitCodes.UNAVAILABLE, "the cluster was not ready within " + timeoutMs + " ms ("
                        + lastProblem + "); stopped it, logs are in " + data.dir());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            if (Thread.interrupted()) {
                throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for the cluster; stopped it");
            }
        }
    }

    private void print(PrintWriter out, Path dir, List<ClusterRecord.Node> started, int controller) {
        List<String> addresses = started.stream().map(ClusterRecord.Node::address).toList();
        String bootstrap = String.join(",", addresses);
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("data_dir", dir.toString());
            m.put("controller_id", controller);
            m.put("bootstrap", bootstrap);
            List<Object> brokers = new ArrayList<>();
            for (ClusterRecord.Node n : started) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("id", n.id());
                b.put("address", n.address());
                b.put("pid", n.pid());
                b.put("log", n.logFile().toString());
                b.put("metrics", n.host() + ":" + metricsPort(n));
                brokers.add(b);
            }
            m.put("brokers", brokers);
            out.println(Json.write(m));
        } else {
            out.println("Started " + started.size() + " broker(s); controller: broker " + controller + ".");
            Table t = new Table("BROKER", "ADDRESS", "PID", "LOG");
            for (ClusterRecord.Node n : started) {
                t.row(n.id(), n.address(), n.pid(), n.logFile());
            }
            t.print(out);
            out.println();
            out.println("Clients: --bootstrap " + bootstrap + "   (or: export BROOK_BOOTSTRAP=" + bootstrap + ")");
            out.println("Status:  brook cluster status --data " + dir);
            ClusterRecord.Node first = started.get(0);
            out.println("Metrics: curl http://" + first.host() + ":" + metricsPort(first) + "/metrics   (broker N: its port + "
                    + METRICS_PORT_OFFSET + "; /health/ready too)");
            out.println("Stop:    brook cluster down --data " + dir);
        }
        out.flush();
    }
}
