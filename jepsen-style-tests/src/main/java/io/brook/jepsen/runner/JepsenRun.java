package io.brook.jepsen.runner;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.ConsumerConfig;
import io.brook.client.NewTopic;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.ProducerConfig;
import io.brook.client.TopicExistsException;
import io.brook.jepsen.checker.CheckResult;
import io.brook.jepsen.checker.Checkers;
import io.brook.jepsen.checker.ReplicaLogs;
import io.brook.jepsen.client.AdminChanges;
import io.brook.jepsen.client.AdminWorker;
import io.brook.jepsen.client.FinalReader;
import io.brook.jepsen.client.GroupMembers;
import io.brook.jepsen.client.PollWorker;
import io.brook.jepsen.client.Recorder;
import io.brook.jepsen.client.SendWorker;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.ClusterProbe;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.db.ReplicaLogReader;
import io.brook.jepsen.generator.Generator;
import io.brook.jepsen.history.HistoryReader;
import io.brook.jepsen.history.HistoryWriter;
import io.brook.jepsen.history.Op;
import io.brook.jepsen.nemesis.FaultContext;
import io.brook.jepsen.nemesis.Nemeses;
import io.brook.jepsen.nemesis.Nemesis;
import io.brook.jepsen.report.FaultWindow;
import io.brook.jepsen.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One Jepsen-style run, start to finish:
 * <ol>
 * <li>start a local cluster whose broker links go through proxies (and, when a nemesis acts on client
 * traffic, with a client proxy in front of each broker), or use {@code --bootstrap}'s; create the topic
 * and wait for its leaders;</li>
 * <li>load: send and poll workers (and, in a subscribe run, the members of a consumer group) record
 * every operation in {@code history.jsonl} while the {@link Generator} injects and heals faults for
 * {@code timeSeconds};</li>
 * <li>heal everything and wait until every replica is in sync, with the load still running, so that
 * the history shows writes coming back;</li>
 * <li>stop the workers (the group's members only once they consumed every acknowledged send, up to
 * a minute) and read every partition from its start to its end;</li>
 * <li>note each partition's commit end from its leader, stop the brokers gracefully and read every
 * replica's log from its segment files;</li>
 * <li>run the checkers and write the results folder ({@link RunReport}); broker logs are copied into
 * {@code brokers/}.</li>
 * </ol>
 * The cluster's data is deleted afterwards unless the run found an anomaly (then it stays under
 * {@code cluster/} in the results folder). Every process started is stopped, whatever happens.
 */
public final class JepsenRun {

    private static final long START_TIMEOUT_MS = 90_000;
    private static final long RECOVERY_TIMEOUT_MS = 90_000;
    private static final long AFTER_HEAL_LOAD_MS = 3_000;
    /** The harness's admin process: the run's own topic creation and the final describe. */
    private static final int FINAL_DESCRIBE_PROCESS = -2;
    private static final long GROUP_CATCH_UP_MS = 60_000;
    /** The subscribe workload's group is this plus the topic. */
    public static final String GROUP_PREFIX = "jepsen-group-";
    /** How long the nemeses may take to settle after the last heal (a replica move catching up under load). */
    private static final long SETTLE_TIMEOUT_MS = 90_000;
    /** The check a run fails when a nemesis did not settle: e.g. a replica move that never completed. */
    public static final String SETTLED_CHECK = "nemeses-settled";

    private final RunOptions options;
    /** How the run's clients connect: plain until security is turned on. */
    private volatile io.brook.client.ClientSecurity clientSecurity = io.brook.client.ClientSecurity.NONE;
    private final List<Nemesis> nemeses;

    public JepsenRun(RunOptions options) {
        this(options, options.nemeses().stream().map(Nemeses::byName).toList());
    }

    /** A run with nemeses other than the named ones (e.g. a scenario a test composes); options.nemeses() is only reported. */
    public JepsenRun(RunOptions options, List<Nemesis> nemeses) {
        this.options = options;
        this.nemeses = List.copyOf(nemeses);
    }

    public RunResult run() throws Exception {
        Path dir = options.results();
        Files.createDirectories(dir);
        System.out.println("jepsen run: seed " + options.seed() + ", nemeses " + nemeses.stream().map(Nemesis::name).toList()
                + ", " + options.timeSeconds() + " s, results in " + dir.toAbsolutePath());
        if (options.bootstrap() != null) {
            return runWith(null, options.bootstrap(), dir);
        }
        LocalCluster.deleteTree(dir.resolve("cluster")); // what an earlier run kept
        Map<String, String> brokerConfig = new HashMap<>(options.brokerConfig());
        if (options.groupConsumers() > 0) {
            RunOptions.GROUP_BROKERS.forEach(brokerConfig::putIfAbsent);
        }
        LocalCluster cluster = new LocalCluster(options.nodes(), dir.resolve("cluster"), brokerConfig, true,
                nemeses.stream().anyMatch(Nemesis::needsClientProxies));
        if (powerLoss()) {
            cluster.onPowerLossFs();
        }
        RunResult result = null;
        try {
            cluster.start(START_TIMEOUT_MS);
            if (options.security() != null) {
                enableSecurity(cluster, options.security());
            }
            result = runWith(cluster, cluster.bootstrap(), dir);
            return result;
        } finally {
            if (result == null || !result.valid()) {
                cluster.keepFiles();
            }
            cluster.brokers().forEach(BrokerProcess::close);
            copyBrokerLogs(cluster, dir);
            cluster.close();
        }
    }

    /**
     * Turns security on as {@link SecuritySetup} describes: the user created while the cluster is open,
     * then a rolling restart into the secure broker config; from then on every client of the run
     * authenticates.
     */
    private void enableSecurity(LocalCluster cluster, SecuritySetup setup) throws Exception {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(cluster.bootstrap()).security(setup.tls())
                .defaultApiTimeoutMs(60_000).build())) {
            admin.createUser(setup.user(), "SCRAM-SHA-256", setup.password().toCharArray(), 4096).get(90, TimeUnit.SECONDS);
        }
        for (BrokerProcess b : cluster.brokers()) {
            b.stop(30_000);
            b.reconfigure(setup.brokerConfigAfter());
            b.start();
            b.awaitStarted(START_TIMEOUT_MS);
        }
        clientSecurity = setup.authenticated();
        cluster.clientSecurity(clientSecurity);
        System.out.println("jepsen run: security on (clients authenticate as " + setup.user() + ", broker config "
                + setup.brokerConfigAfter().keySet() + ")");
    }

    /** A nemesis of the run needs the brokers' data on the power-loss file system. */
    private boolean powerLoss() {
        return nemeses.stream().anyMatch(Nemesis::needsPowerLossFs);
    }

    /** ms between the admin worker's changes, or 0 for none (see {@link RunOptions#adminIntervalMs()}). */
    private long adminIntervalMs() {
        if (options.adminIntervalMs() >= 0) {
            return options.bootstrap() == null ? options.adminIntervalMs() : 0;
        }
        return powerLoss() ? 2_000 : 0;
    }

    private RunResult runWith(LocalCluster cluster, String bootstrap, Path dir) throws Exception {
        createTopic(bootstrap);
        Map<Integer, Long> start = startOffsets(bootstrap);
        int partitions = options.bootstrap() == null ? options.partitions() : start.size();
        ClusterProbe probe = cluster == null ? null : new ClusterProbe(cluster);
        if (probe != null) {
            awaitLeaders(probe);
        }
        Path historyFile = dir.resolve(RunReport.HISTORY_FILE);
        Files.deleteIfExists(historyFile);
        Random random = new Random(options.seed());
        List<FaultWindow> windows;
        List<Long> replicatedMs = List.of();
        Map<Integer, Long> commitEnds = new HashMap<>();
        long finalRead;
        List<String> unsettled = null;
        ProducerConfig producerConfig = producerConfig(bootstrap);
        try (HistoryWriter writer = HistoryWriter.create(historyFile);
             AdminChanges admin = new AdminChanges(bootstrap, clientSecurity, new Recorder(writer, System.nanoTime()))) {
            Recorder recorder = admin.recorder(); // the run's one clock and history, shared with the admin changes
            if (cluster != null && adminIntervalMs() > 0) {
                admin.recordCreated(FINAL_DESCRIBE_PROCESS, options.topic(), options.partitions());
            }
            List<SendWorker> senders = new ArrayList<>();
            List<PollWorker> pollers = new ArrayList<>();
            List<AdminWorker> adminWorkers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            // process ids: each send worker's lanes, then the poll workers, then the group members' slots, then the
            // admin worker
            int lanes = options.sendsInFlight();
            int sendProcesses = options.sendWorkers() * lanes;
            int stride = sendProcesses + options.pollWorkers() + options.groupConsumers() + (adminIntervalMs() > 0 ? 1 : 0);
            GroupMembers group = options.groupConsumers() == 0 ? null : new GroupMembers(GROUP_PREFIX + options.topic(),
                    options.topic(), consumerConfig(bootstrap), recorder, sendProcesses + options.pollWorkers(),
                    options.groupConsumers(), stride, options.commitAheadBy());
            System.out.println("producers: acks=" + options.acks() + ", " + lanes + " sends in flight each; "
                    + producerConfig.idempotenceNote());
            for (int w = 0; w < options.sendWorkers(); w++) {
                senders.add(new SendWorker(w, w * lanes, lanes, stride, options.topic(), producerConfig, recorder,
                        random.nextLong(), 64));
            }
            for (int w = 0; w < options.pollWorkers(); w++) {
                pollers.add(new PollWorker(sendProcesses + w, options.topic(), partitions,
                        consumerConfig(bootstrap), recorder, random.nextLong(), 0.01, start));
            }
            if (adminIntervalMs() > 0) {
                adminWorkers.add(new AdminWorker(stride - 1, stride, admin, "admin-" + options.topic(),
                        Math.min(3, options.nodes()), adminIntervalMs(), random.nextLong()));
            }
            senders.forEach(s -> threads.add(start(s, "send")));
            pollers.forEach(p -> threads.add(start(p, "poll")));
            adminWorkers.forEach(a -> threads.add(start(a, "admin")));
            if (group != null) {
                group.start();
            }
            try {
                if (cluster == null) {
                    windows = new Generator(List.of(), null, recorder, 0, 0, 0, () -> () -> true).run(options.timeSeconds() * 1000L);
                } else {
                    FaultContext ctx = new FaultContext(cluster, probe, random, options.topic(), options.partitions(),
                            START_TIMEOUT_MS, admin).withGroup(group);
                    Generator generator = new Generator(nemeses, ctx, recorder, options.faultMs(), options.quietMs(),
                            RECOVERY_TIMEOUT_MS, () -> probe.replicationWatch(options.topic(), options.partitions()));
                    windows = generator.run(options.timeSeconds() * 1000L);
                    long waited = generator.awaitRecovery();
                    System.out.printf("[%8.3f s] %s%n", recorder.now() / 1e9, waited < 0
                            ? "cluster NOT fully replicated within " + RECOVERY_TIMEOUT_MS + " ms of the last heal"
                            : "cluster fully replicated");
                    replicatedMs = generator.recoveryMs();
                    unsettled = settle(ctx, recorder);
                }
                Thread.sleep(AFTER_HEAL_LOAD_MS);
            } finally {
                senders.forEach(SendWorker::stop);
                pollers.forEach(PollWorker::stop);
                adminWorkers.forEach(AdminWorker::stop);
                for (Thread t : threads) {
                    t.join(60_000);
                }
                if (group != null) {
                    stopGroup(group, recorder);
                }
            }
            finalRead = finalRead(bootstrap, partitions, start, recorder);
            if (!admin.topics().isEmpty()) {
                int described = admin.describeAll(FINAL_DESCRIBE_PROCESS, List.of(AdminWorker.CONFIG), 60_000);
                System.out.printf("[%8.3f s] final describe: %d of %d topics that admin changes named%n",
                        recorder.now() / 1e9, described, admin.topics().size());
            }
            if (cluster != null) {
                commitEnds = commitEnds(cluster, probe);
            }
        }
        ReplicaLogs replicaLogs = null;
        if (cluster != null) {
            for (BrokerProcess b : cluster.brokers()) {
                b.stop(30_000);
            }
            replicaLogs = replicaLogs(cluster, commitEnds);
        }
        List<Op> history = HistoryReader.read(historyFile);
        List<CheckResult> results = new ArrayList<>(Checkers.run(history, replicaLogs));
        if (unsettled != null) {
            results.add(new CheckResult(SETTLED_CHECK, unsettled.isEmpty(), unsettled.size(),
                    unsettled.subList(0, Math.min(20, unsettled.size()))));
        }
        Map<String, Object> nemesisReports = new LinkedHashMap<>();
        for (Nemesis n : nemeses) {
            if (!n.report().isEmpty()) {
                nemesisReports.put(n.name(), n.report());
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>(options.asParameters());
        parameters.put("nemeses", nemeses.stream().map(Nemesis::name).toList());
        parameters.put("idempotence", producerConfig.enableIdempotence()); // the effective value
        parameters.put("replicated_after_heal_ms", replicatedMs);
        RunReport report = RunReport.builder().parameters(parameters).history(history).historyFile(historyFile)
                .results(results).faults(windows).nemeses(nemesisReports).build();
        report.writeTo(dir);
        RunResult result = new RunResult(results, report.summary(), replicatedMs, dir);
        for (CheckResult r : results) {
            System.out.println("  " + (r.valid() ? "ok   " : "FAIL ") + r.name() + ": " + r.anomalies() + " anomalies"
                    + (r.examples().isEmpty() ? "" : ", e.g. " + r.examples().subList(0, Math.min(3, r.examples().size()))));
        }
        System.out.println("jepsen run " + (result.valid() ? "valid" : "INVALID") + ": " + dir.resolve(RunReport.SUMMARY_FILE));
        return result;
    }

    /**
     * Lets every nemesis finish what it set going (replica moves), with the load still running, at most
     * {@link #SETTLE_TIMEOUT_MS}; returns what did not finish, which fails the run as {@value #SETTLED_CHECK}.
     */
    private List<String> settle(FaultContext ctx, Recorder recorder) {
        List<String> problems = new ArrayList<>();
        for (Nemesis n : nemeses) {
            try {
                problems.addAll(n.settle(ctx, SETTLE_TIMEOUT_MS));
            } catch (Exception e) {
                problems.add(n.name() + ": settling failed: " + e);
            }
        }
        System.out.printf("[%8.3f s] %s%n", recorder.now() / 1e9, problems.isEmpty() ? "nemeses settled"
                : "nemeses NOT settled within " + SETTLE_TIMEOUT_MS + " ms: " + problems);
        return problems;
    }

    /**
     * Lets the group's members catch up with every acknowledged send (the sends have stopped; a killed
     * member's partitions move only once its session expired), then stops them.
     */
    private static void stopGroup(GroupMembers group, Recorder recorder) throws InterruptedException {
        boolean caughtUp = group.awaitCaughtUp(recorder.acknowledgedEnds(), GROUP_CATCH_UP_MS);
        System.out.printf("[%8.3f s] group %s %s; %d member(s) killed%n", recorder.now() / 1e9, group.group(),
                caughtUp ? "consumed every partition up to its last acknowledged send"
                        : "did NOT catch up with the acknowledged sends within " + GROUP_CATCH_UP_MS + " ms", group.kills());
        group.stop();
    }

    /**
     * Reads everything; a final read that fails (the topic is gone, the cluster never came back) is
     * recorded as an info final-read and printed, and the run goes on to the checkers, which then find
     * every acknowledged value missing at the end.
     */
    private long finalRead(String bootstrap, int partitions, Map<Integer, Long> start, Recorder recorder) {
        try {
            long n = FinalReader.readAll(options.topic(), partitions, consumerConfig(bootstrap), recorder, 120_000, start);
            System.out.printf("[%8.3f s] final read: %d records%n", recorder.now() / 1e9, n);
            return n;
        } catch (RuntimeException e) {
            recorder.invoke(Op.FINAL_READ, FinalReader.PROCESS, null, null, -1, -1);
            recorder.complete(Op.Type.INFO, Op.FINAL_READ, FinalReader.PROCESS, null, null, -1, -1, List.of(), String.valueOf(e));
            System.out.printf("[%8.3f s] final read FAILED: %s%n", recorder.now() / 1e9, e);
            return -1;
        }
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, "jepsen-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void createTopic(String bootstrap) throws Exception {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).security(clientSecurity)
                .defaultApiTimeoutMs(60_000).build())) {
            admin.createTopics(List.of(new NewTopic(options.topic(), options.partitions(), options.replicationFactor())))
                    .get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException) || options.bootstrap() == null) {
                throw e;
            }
            System.out.println("topic " + options.topic() + " exists: using it");
        }
    }

    /**
     * Where the workers start reading: nothing on a topic this run created; on an existing topic
     * ({@code --bootstrap}), its end offsets now, so that records from before the run are not read as
     * values nobody sent.
     */
    private Map<Integer, Long> startOffsets(String bootstrap) {
        if (options.bootstrap() == null) {
            return Map.of();
        }
        try (io.brook.client.Consumer c = new io.brook.client.Consumer(consumerConfig(bootstrap))) {
            Map<Integer, Long> out = new HashMap<>();
            c.endOffsets(PollWorker.all(options.topic(), partitionsOf(c)))
                    .forEach((tp, offset) -> out.put(tp.partition(), offset));
            return out;
        }
    }

    private int partitionsOf(io.brook.client.Consumer c) {
        return c.partitionsFor(options.topic()).size();
    }

    private void awaitLeaders(ClusterProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            Map<Integer, PartitionInfo> parts = probe.partitions(options.topic());
            if (parts.size() == options.partitions() && parts.values().stream().allMatch(PartitionInfo::hasLeader)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topic " + options.topic() + " has no leader for every partition after "
                + START_TIMEOUT_MS + " ms");
    }

    /**
     * The send workers' producers: the client's defaults for retries, requests in flight and
     * idempotence (unless the options turn it off); a short linger, since each worker has only a few
     * sends in flight; a request time-out short enough that a send stuck on a dead or paused leader
     * is retried elsewhere within a fault, and a delivery time-out that leaves room for that retry.
     */
    private ProducerConfig producerConfig(String bootstrap) {
        ProducerConfig.Builder b = ProducerConfig.builder().bootstrapServers(bootstrap).security(clientSecurity).acks(options.acks())
                .lingerMs(1)
                .requestTimeoutMs(5_000).deliveryTimeoutMs(12_000).maxBlockMs(8_000).retryBackoffMs(50);
        if (!options.idempotence()) {
            b.enableIdempotence(false);
        }
        return b.build();
    }

    private ConsumerConfig consumerConfig(String bootstrap) {
        return ConsumerConfig.builder().bootstrapServers(bootstrap).security(clientSecurity).autoOffsetReset(OffsetResetStrategy.EARLIEST)
                .requestTimeoutMs(5_000).defaultApiTimeoutMs(10_000).retryBackoffMs(50).build();
    }

    /** Each partition's high watermark as its current leader reports it. */
    private Map<Integer, Long> commitEnds(LocalCluster cluster, ClusterProbe probe) {
        Map<Integer, Long> ends = new HashMap<>();
        Map<Integer, PartitionInfo> parts = probe.partitions(options.topic());
        for (PartitionInfo p : parts.values()) {
            if (p.hasLeader()) {
                PartitionOffsets o = probe.offsetsOn(cluster.broker(p.leader()), options.topic()).get(p.partition());
                if (o != null) {
                    ends.put(p.partition(), o.highWatermark());
                }
            }
        }
        return ends;
    }

    private ReplicaLogs replicaLogs(LocalCluster cluster, Map<Integer, Long> commitEnds) {
        Map<Integer, Map<Integer, List<ReplicaLogs.Entry>>> logs = new HashMap<>();
        for (int p = 0; p < options.partitions(); p++) {
            Map<Integer, List<ReplicaLogs.Entry>> replicas = new HashMap<>();
            for (BrokerProcess b : cluster.brokers()) {
                List<ReplicaLogs.Entry> entries = ReplicaLogReader.read(b.dataDir(), options.topic(), p);
                if (!entries.isEmpty()) {
                    replicas.put(b.id(), entries);
                }
            }
            logs.put(p, replicas);
        }
        return new ReplicaLogs(logs, commitEnds);
    }

    private static void copyBrokerLogs(LocalCluster cluster, Path dir) throws IOException {
        Path to = dir.resolve("brokers");
        Files.createDirectories(to);
        for (BrokerProcess b : cluster.brokers()) {
            if (Files.exists(b.logFile())) {
                Files.copy(b.logFile(), to.resolve(b.logFile().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path powerFsLog = cluster.root().resolve("node" + b.id() + ".powerfs.log");
            if (Files.exists(powerFsLog)) {
                Files.copy(powerFsLog, to.resolve(powerFsLog.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
