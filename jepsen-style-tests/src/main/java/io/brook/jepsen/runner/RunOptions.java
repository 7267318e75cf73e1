package io.brook.jepsen.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run does. Build with {@link #builder()}; every field has a default fit for a short run on a
 * 2-core machine.
 *
 * @param bootstrap an existing cluster to check ({@code host:port,...}): no brokers are started and no
 *     faults injected; {@code null} to start a local cluster of {@code nodes} brokers
 * @param nemeses nemesis names (see {@link io.brook.jepsen.nemesis.Nemeses}); empty for none
 * @param timeSeconds how long the load-with-faults phase lasts
 * @param faultMs typical duration of one fault (each lasts 0.5-1.5 times this)
 * @param quietMs typical healthy time between faults (0.5-1.5 times this)
 * @param acks the producers' acks: "all" is what Brook promises not to lose; "1" can lose
 * @param sendsInFlight how many sends each send worker keeps in flight at once (its producer pipelines
 *     them, up to 5 requests per broker)
 * @param idempotence whether the producers may be idempotent: true leaves the producer's default (on
 *     with acks=all, off with acks=1); false turns it off, so that retries may write a record twice
 *     or after later ones (a demonstration that the checkers see it)
 * @param brokerConfig extra broker config for a local cluster (e.g. Raft timings)
 * @param results the folder for history, summary and plot
 * @param adminIntervalMs how often an {@link io.brook.jepsen.client.AdminWorker} changes topics during the
 *     load (0: no admin worker; -1, the default: every 2 s in runs with a power-loss nemesis, else none)
 * @param groupConsumers the subscribe workload: how many members a consumer group of the topic has
 *     ({@link io.brook.jepsen.client.GroupMembers}), each committing after every poll; 0 for none. Needed
 *     by the {@code consumer-kill} nemesis and the group checkers' verdicts
 * @param commitAheadBy a deliberate bug, to show the group checkers catching one: group members commit
 *     this many offsets past what they consumed; 0 (the default) in every honest run
 * @param security how the run turns TLS, authentication and ACLs on in its cluster, or null for none
 */
public record RunOptions(String bootstrap, String topic, int nodes, int partitions, int replicationFactor,
                         List<String> nemeses, int timeSeconds, long faultMs, long quietMs, long seed, int sendWorkers,
                         int pollWorkers, String acks, int sendsInFlight, boolean idempotence,
                         Map<String, String> brokerConfig, Path results, long adminIntervalMs, int groupConsumers,
                         long commitAheadBy, SecuritySetup security) {

    /** Broker settings for runs: 50 ms Raft ticks, elections after 0.5-1 s of silence, 2 threads each. */
    public static final Map<String, String> FAST_BROKERS = Map.of(
            "raft.tick.ms", "50",
            "raft.election.ticks", "10",
            "broker.heartbeat.ms", "500",
            "broker.session.timeout.ms", "3000",
            "log.threads", "1",
            "network.threads", "1");

    /**
     * Broker settings a subscribe run adds: sessions of 3 s (a killed member's partitions move ~3 s
     * after the kill), heartbeats every 300 ms, 3 partitions of {@code __groups} instead of 8, and a
     * snapshot of each every 200 records with 64 KiB segments and retention checked every second, so
     * that snapshots, and the deletion of the segments below them on every replica, happen many times
     * under the run's faults (the data topic keeps everything: it has no retention limit).
     */
    public static final Map<String, String> GROUP_BROKERS = Map.of(
            "group.session.timeout.ms", "3000",
            "group.heartbeat.interval.ms", "300",
            "groups.topic.partitions", "3",
            "groups.snapshot.interval.records", "200",
            "groups.topic.segment.bytes", "65536",
            "log.retention.check.interval.ms", "1000");

    public RunOptions {
        nemeses = List.copyOf(nemeses);
        if (groupConsumers < 0 || commitAheadBy < 0) {
            throw new IllegalArgumentException("group consumers and commit-ahead must not be negative");
        }
        if (groupConsumers == 0 && nemeses.stream().anyMatch(io.brook.jepsen.nemesis.Nemeses.GROUP_NAMES::contains)) {
            throw new IllegalArgumentException("the consumer-kill nemesis needs group consumers (the subscribe workload)");
        }
        brokerConfig = Map.copyOf(brokerConfig);
        if (timeSeconds < 1 || partitions < 1 || sendWorkers < 1 || pollWorkers < 0 || nodes < 1 || sendsInFlight < 1) {
            throw new IllegalArgumentException("time, partitions, nodes, send workers and sends in flight must be at least 1");
        }
        if (bootstrap != null && !nemeses.isEmpty()) {
            throw new IllegalArgumentException("faults are injected only into a cluster the harness starts; "
                    + "against --bootstrap use --nemesis none");
        }
        if (replicationFactor > nodes && bootstrap == null) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " needs at least as many nodes");
        }
    }

    /** The options as report parameters, in display order. */
    public Map<String, Object> asParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cluster", bootstrap == null ? nodes + " local brokers" : bootstrap);
        p.put("topic", topic);
        p.put("partitions", partitions);
        p.put("replication_factor", replicationFactor);
        p.put("nemeses", nemeses);
        p.put("time_s", timeSeconds);
        p.put("fault_ms", faultMs);
        p.put("quiet_ms", quietMs);
        p.put("seed", seed);
        p.put("send_workers", sendWorkers);
        p.put("poll_workers", pollWorkers);
        p.put("acks", acks);
        p.put("sends_in_flight", sendsInFlight);
        p.put("idempotence", idempotence);
        p.put("admin_interval_ms", adminIntervalMs);
        p.put("group_consumers", groupConsumers);
        if (commitAheadBy > 0) {
            p.put("commit_ahead_by", commitAheadBy);
        }
        return p;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults: local 3 brokers, 6 partitions, RF 3, no faults, 30 s, 4 s faults, 3 s quiet, 3 senders with 8
     * sends in flight each, 2 pollers, acks=all, idempotence as the producer defaults it, no consumer group.
     */
    public static final class Builder {
        private String bootstrap;
        private String topic = "jepsen";
        private int nodes = 3;
        private int partitions = 6;
        private int replicationFactor = 3;
        private List<String> nemeses = List.of();
        private int timeSeconds = 30;
        private long faultMs = 4_000;
        private long quietMs = 3_000;
        private long seed = System.nanoTime();
        private int sendWorkers = 3;
        private int pollWorkers = 2;
        private String acks = "all";
        private int sendsInFlight = 8;
        private boolean idempotence = true;
        private Map<String, String> brokerConfig = FAST_BROKERS;
        private Path results;
        private long adminIntervalMs = -1;
        private int groupConsumers;
        private long commitAheadBy;
        private SecuritySetup security;

        public Builder bootstrap(String v) { bootstrap = v; return this; }
        public Builder topic(String v) { topic = v; return this; }
        public Builder nodes(int v) { nodes = v; return this; }
        public Builder partitions(int v) { partitions = v; return this; }
        public Builder replicationFactor(int v) { replicationFactor = v; return this; }
        public Builder nemeses(List<String> v) { nemeses = v; return this; }
        public Builder timeSeconds(int v) { timeSeconds = v; return this; }
        public Builder faultMs(long v) { faultMs = v; return this; }
        public Builder quietMs(long v) { quietMs = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder sendWorkers(int v) { sendWorkers = v; return this; }
        public Builder pollWorkers(int v) { pollWorkers = v; return this; }
        public Builder acks(String v) { acks = v; return this; }
        public Builder sendsInFlight(int v) { sendsInFlight = v; return this; }
        public Builder idempotence(boolean v) { idempotence = v; return this; }
        public Builder brokerConfig(Map<String, String> v) { brokerConfig = v; return this; }
        public Builder results(Path v) { results = v; return this; }
        public Builder adminIntervalMs(long v) { adminIntervalMs = v; return this; }
        public Builder groupConsumers(int v) { groupConsumers = v; return this; }
        public Builder commitAheadBy(long v) { commitAheadBy = v; return this; }
        public Builder security(SecuritySetup v) { security = v; return this; }

        public RunOptions build() {
            if (results == null) {
                throw new IllegalStateException("a run needs a results folder");
            }
            return new RunOptions(bootstrap, topic, nodes, partitions, replicationFactor, nemeses, timeSeconds, faultMs,
                    quietMs, seed, sendWorkers, pollWorkers, acks, sendsInFlight, idempotence, brokerConfig, results,
                    adminIntervalMs, groupConsumers, commitAheadBy, security);
        }
    }
}
