package io.brook.benchmarks.group;

import io.brook.benchmarks.DurableAppends;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The group benchmark of issue 12 against one system and one running 3-broker cluster; {@code
 * benchmarks/compare-groups.sh} runs it for Brook and both Kafka protocols, alternating.
 *
 * <p>Steps: create the topic; start a producer at a steady rate over every partition; start the group
 * (members 0 to n-2 as threads of this JVM, member n-1 as a process of its own so it can be killed with
 * SIGKILL); wait until it is settled (see {@link Timeline#unsettled}), let it consume for the warm-up;
 * then, each after a baseline of steady consumption and each timed until the group settles again:
 * <ol>
 *   <li>{@code join}: member n starts (a new thread: consumer created, subscribed, polled);
 *   <li>{@code leave}: member 0 closes its consumer (the event time is when close() begins);
 *   <li>{@code kill}: member n-1's process gets SIGKILL.
 * </ol>
 * Every member uses each system's defaults, with auto-commit on and auto.offset.reset=earliest, and
 * polls with a 100 ms timeout. Then the group is closed and {@link CommitBench} measures commits with
 * a fresh group, the producer still running, and the topic is deleted. Results are appended to {@code --out} as TSV rows
 * (workload, round, metric, value), workload = system_event or system_commit.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.brook.benchmarks.group.RebalanceBench --system
 * brook|kafka-consumer|kafka-classic --bootstrap HOST:PORT,... [--out FILE] [--round N] [...]}; the
 * options and their defaults are in {@link #DEFAULTS}.
 */
public final class RebalanceBench {

    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("system", "");
        DEFAULTS.put("bootstrap", "");
        DEFAULTS.put("out", "");
        DEFAULTS.put("round", "1");
        DEFAULTS.put("topic", "rebalance");
        DEFAULTS.put("partitions", "900");
        DEFAULTS.put("replication-factor", "3");
        DEFAULTS.put("consumers", "10");
        DEFAULTS.put("rate", "9000");
        DEFAULTS.put("record-size", "100");
        DEFAULTS.put("warmup-s", "30");
        DEFAULTS.put("baseline-s", "10");
        DEFAULTS.put("quiet-ms", "3000");
        DEFAULTS.put("event-timeout-s", "120");
        DEFAULTS.put("events", "join,leave,kill");
        DEFAULTS.put("session-timeout-ms", "10000");
        DEFAULTS.put("heartbeat-ms", "0");
        DEFAULTS.put("committers", "10");
        DEFAULTS.put("commit-warmup-s", "5");
        DEFAULTS.put("commit-s", "20");
        DEFAULTS.put("log-dir", System.getProperty("java.io.tmpdir"));
    }

    private final Map<String, String> opts;
    private final GroupSystem system;
    private final String topic;
    private final String round;
    private final Timeline timeline;
    private final List<MemberLoop> threads = new ArrayList<>();
    private ChildMember child;
    private int childIndex = -1;
    private final List<String[]> rows = new ArrayList<>();

    private RebalanceBench(Map<String, String> opts) {
        this.opts = opts;
        this.system = GroupSystem.create(opts.get("system"), new GroupSystem.Settings(opts.get("bootstrap"),
                integer("session-timeout-ms"), integer("heartbeat-ms")));
        this.topic = opts.get("topic");
        this.round = opts.get("round");
        this.timeline = new Timeline(integer("partitions"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!DEFAULTS.containsKey(key) || i + 1 == args.length) {
                System.err.println("usage: RebalanceBench --system brook|kafka-consumer|kafka-classic --bootstrap HOST:PORT,..."
                        + " [--option value]...; options and defaults: " + DEFAULTS);
                System.exit(2);
            }
            opts.put(key, args[++i]);
        }
        if (opts.get("system").isEmpty() || opts.get("bootstrap").isEmpty()) {
            System.err.println("--system and --bootstrap are required; options and defaults: " + DEFAULTS);
            System.exit(2);
        }
        RebalanceBench bench = new RebalanceBench(opts);
        try {
            bench.run();
        } finally {
            bench.writeRows();
        }
        System.exit(0);
    }

    private int integer(String key) {
        return Integer.parseInt(opts.get(key));
    }

    private static void log(String s) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), s);
    }

    private void run() throws Exception {
        int partitions = integer("partitions");
        int consumers = integer("consumers");
        String name = system.name();
        log(name + ": creating topic " + topic + " (" + partitions + " partitions, RF " + opts.get("replication-factor") + ")");
        system.createTopic(topic, partitions, integer("replication-factor"));
        SteadyProducer producer = new SteadyProducer(system.sender(topic), integer("rate"), partitions, integer("record-size"));
        producer.start();
        String group = "rebalance-" + name + "-" + round;
        boolean withChild = List.of(opts.get("events").split(",")).contains("kill");
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < consumers; i++) {
            if (withChild && i == consumers - 1) {
                startChild(i, group);
            } else {
                startThread(i, group);
            }
        }
        String problem = awaitSettled(t0, TimeUnit.SECONDS.toMillis(integer("event-timeout-s")));
        log(name + ": group of " + consumers + " settled in " + (System.currentTimeMillis() - t0) + " ms"
                + (problem == null ? "" : " (NOT settled: " + problem + ")"));
        row(name + "_initial", "settled_ms", problem == null ? System.currentTimeMillis() - t0 : -1);
        pause(TimeUnit.SECONDS.toMillis(integer("warmup-s")) - TimeUnit.SECONDS.toMillis(integer("baseline-s")));
        int next = consumers;
        for (String event : opts.get("events").split(",")) {
            pause(TimeUnit.SECONDS.toMillis(integer("baseline-s")));
            int[] before = timeline.owners();
            long eventMs;
            int subject;
            switch (event) {
                case "join" -> {
                    subject = next++;
                    eventMs = System.currentTimeMillis();
                    startThread(subject, group);
                }
                case "leave" -> {
                    MemberLoop leaver = threads.get(0);
                    subject = leaver.index();
                    eventMs = leaver.leave().get(30, TimeUnit.SECONDS);
                    timeline.depart(subject, eventMs);
                    threads.remove(0);
                }
                case "kill" -> {
                    if (child == null) {
                        throw new IllegalStateException("kill needs the member process");
                    }
                    subject = childIndex;
                    eventMs = System.currentTimeMillis();
                    child.kill();
                    timeline.depart(subject, eventMs);
                }
                default -> throw new IllegalArgumentException("unknown event " + event + ": join, leave or kill");
            }
            problem = awaitSettled(eventMs, TimeUnit.SECONDS.toMillis(integer("event-timeout-s")));
            int[] after = timeline.owners();
            Map<String, Double> m = EventAnalysis.analyse(timeline, before, after, subject, eventMs,
                    TimeUnit.SECONDS.toMillis(integer("baseline-s")));
            m.put("timed_out", problem == null ? 0.0 : 1.0);
            log(name + " " + event + ": " + m + (problem == null ? "" : " NOT settled: " + problem));
            for (Map.Entry<String, Double> e : m.entrySet()) {
                row(name + "_" + event, e.getKey(), e.getValue());
            }
        }
        for (MemberLoop t : threads) {
            t.leave();
        }
        for (MemberLoop t : threads) {
            try {
                t.closed().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                log("member " + t.index() + " did not close cleanly: " + e);
            }
            if (t.pollErrors() > 0) {
                log("member " + t.index() + ": " + t.pollErrors() + " failed polls, last: " + t.lastError());
            }
        }
        if (child != null && child.alive()) {
            child.kill();
        }
        if (integer("committers") > 0) {
            log(name + ": commit benchmark, " + opts.get("committers") + " members");
            Map<String, Double> c = CommitBench.run(system, "commits-" + name + "-" + round, topic, integer("committers"),
                    TimeUnit.SECONDS.toMillis(integer("commit-warmup-s")), TimeUnit.SECONDS.toMillis(integer("commit-s")),
                    TimeUnit.SECONDS.toMillis(integer("event-timeout-s")));
            log(name + " commit: " + c);
            for (Map.Entry<String, Double> e : c.entrySet()) {
                row(name + "_commit", e.getKey(), e.getValue());
            }
        }
        producer.stop();
        log(name + ": producer sent " + producer.sent() + " records, " + producer.failures() + " failed");
        row(name + "_producer", "send_failures", producer.failures());
        try {
            system.deleteTopic(topic);
        } catch (Exception e) {
            log(name + ": could not delete topic " + topic + ": " + e);
        }
        system.close();
    }

    private void startThread(int index, String group) {
        timeline.join(index, System.currentTimeMillis());
        MemberLoop loop = new MemberLoop(system, group, topic, index, timeline);
        threads.add(loop);
        loop.start();
    }

    private void startChild(int index, String group) throws IOException {
        timeline.join(index, System.currentTimeMillis());
        childIndex = index;
        File log = new File(opts.get("log-dir"), "member-process-" + system.name() + "-" + round + ".log");
        child = new ChildMember(index, timeline, log, List.of(system.name(), opts.get("bootstrap"),
                opts.get("session-timeout-ms"), opts.get("heartbeat-ms"), group, topic));
    }

    /** Waits, checking every 50 ms, until the timeline is settled; returns why not when it times out. */
    private String awaitSettled(long sinceMs, long timeoutMs) throws InterruptedException {
        long quiet = integer("quiet-ms");
        long deadline = sinceMs + timeoutMs;
        String problem;
        while ((problem = timeline.unsettled(sinceMs, quiet, System.currentTimeMillis())) != null
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return problem;
    }

    private static void pause(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private void row(String workload, String metric, double value) {
        String v = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        rows.add(new String[] {workload, round, metric, v});
    }

    /**
     * Prints the rows, or adds them to the results file ({@code --out}) durably: the file with the
     * new rows is written whole to a temporary file, fsynced and renamed over it ({@link DurableAppends}).
     */
    private void writeRows() {
        StringBuilder text = new StringBuilder();
        for (String[] r : rows) {
            text.append(String.join("\t", r)).append('\n');
        }
        String out = opts.get("out");
        if (out.isEmpty()) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        DurableAppends.append(Path.of(out), text.toString());
    }
}
