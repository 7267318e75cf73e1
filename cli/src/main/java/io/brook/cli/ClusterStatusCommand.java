package io.brook.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code brook cluster status}: brokers (alive or not, pid when {@code cluster up} started them),
 * the controller, and every partition with its leader, term, replicas, ISR, high watermark and each
 * replica's lag behind the leader. Exit code 3 when no broker answered.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the brokers, the controller, and every partition with its replica lag.",
                "Brokers: alive or not; the pid when 'brook cluster up' started them.",
                "Partitions: leader, term, replicas, ISR, high watermark, and each replica's lag (the leader's log "
                        + "end minus the replica's match end) as the leader reports them; a leader that does not answer is "
                        + "shown '(down)' and the ISR '?', since only the leader knows it. A controller that does not "
                        + "answer is not shown as the controller.",
                "Asks the brokers recorded in DIR by 'brook cluster up', and those of --bootstrap (used alone when "
                        + "there is no record)."})
public final class ClusterStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterDirOption data;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Optional<ClusterRecord> record = ClusterRecord.read(data.dir());
        List<ClusterSnapshot.Seed> seeds = new ArrayList<>();
        record.ifPresent(r -> {
            for (ClusterRecord.Node n : r.nodes()) {
                long pid = ClusterProcesses.brokerProcess(n).map(ProcessHandle::pid).orElse(-1L);
                seeds.add(new ClusterSnapshot.Seed(n.id(), n.host(), n.port(), pid, true));
            }
        });
        if (record.isEmpty() || (connection.bootstrap != null && !connection.bootstrap.isBlank())) {
            for (String address : connection.bootstrap().split(",")) {
                seeds.add(seed(address.trim()));
            }
        }
        int timeout = (int) Math.min(Math.max(connection.timeoutMs, 1), Integer.MAX_VALUE);
        ClusterSnapshot s;
        try (ClusterWire wire = new ClusterWire(connection.security(), timeout)) {
            s = ClusterSnapshot.gather(seeds, wire);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(json(s)));
        } else {
            human(out, s);
        }
        out.flush();
        if (s.aliveCount() == 0) {
            List<String> addresses = s.brokers().stream().map(ClusterSnapshot.Broker::address).toList();
            throw new CliException(ExitCodes.UNAVAILABLE, "no broker answered at " + String.join(", ", addresses));
        }
        return ExitCodes.OK;
    }

    private ClusterSnapshot.Seed seed(String address) {
        int colon = address.lastIndexOf(':');
        try {
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new ClusterSnapshot.Seed(-1, host, Integer.parseInt(address.substring(colon + 1)), -1, false);
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "bad bootstrap address '" + address
                    + "': expected HOST:PORT");
        }
    }

    private static String pid(ClusterSnapshot.Broker b) {
        if (!b.recorded()) {
            return "-";
        }
        return b.pid() > 0 ? String.valueOf(b.pid()) : "exited";
    }

    static void human(PrintWriter out, ClusterSnapshot s) {
        String controller = s.controllerId() < 0 ? "none"
                : s.controllerAlive() ? "broker " + s.controllerId()
                : "none answering (last known: broker " + s.controllerId() + ")";
        out.println("Cluster: " + (s.clusterId().isEmpty() ? "?" : s.clusterId()) + "  controller: " + controller
                + "  brokers alive: " + s.aliveCount() + " of " + s.brokers().size());
        Table brokers = new Table("BROKER", "ADDRESS", "ALIVE", "PID");
        for (ClusterSnapshot.Broker b : s.brokers()) {
            brokers.row(b.id() < 0 ? "?" : b.id(), b.address(), b.alive() ? "yes" : "no", pid(b));
        }
        brokers.print(out);
        out.println();
        if (s.aliveCount() == 0) {
            return;
        }
        if (s.partitions().isEmpty()) {
            out.println("No topics.");
            return;
        }
        Table parts = new Table("TOPIC", "PARTITION", "LEADER", "TERM", "REPLICAS", "ISR", "HIGH-WATERMARK", "LOG-END",
                "REPLICA-LAG");
        for (ClusterSnapshot.PartitionState p : s.partitions()) {
            StringBuilder lag = new StringBuilder();
            for (ClusterSnapshot.ReplicaLag r : p.replicaLag()) {
                lag.append(lag.length() == 0 ? "" : " ").append(r.brokerId()).append(':').append(r.lag() < 0 ? "?" : r.lag());
            }
            String leader = p.leader() < 0 ? "none" : s.alive(p.leader()) ? String.valueOf(p.leader()) : p.leader() + " (down)";
            parts.row(p.topic(), p.partition(), leader, p.leaderTerm(), p.replicas(),
                    p.inSyncReplicas() == null ? "?" : p.inSyncReplicas(), p.highWatermark() < 0 ? "?" : p.highWatermark(),
                    p.logEndOffset() < 0 ? "?" : p.logEndOffset(), lag);
        }
        parts.print(out);
    }

    static Map<String, Object> json(ClusterSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster_id", s.clusterId().isEmpty() ? null : s.clusterId());
        m.put("controller_id", s.controllerId());
        m.put("controller_alive", s.controllerAlive());
        List<Object> brokers = new ArrayList<>();
        for (ClusterSnapshot.Broker b : s.brokers()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("id", b.id());
            bm.put("address", b.address());
            bm.put("alive", b.alive());
            bm.put("pid", b.recorded() && b.pid() > 0 ? b.pid() : null);
            bm.put("started_by_cluster_up", b.recorded());
            if (!b.alive()) {
                bm.put("error", b.problem());
            }
            brokers.add(bm);
        }
        m.put("brokers", brokers);
        List<Object> partitions = new ArrayList<>();
        for (ClusterSnapshot.PartitionState p : s.partitions()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("topic", p.topic());
            pm.put("partition", p.partition());
            pm.put("leader", p.leader());
            pm.put("leader_alive", s.alive(p.leader()));
            pm.put("leader_term", p.leaderTerm());
            pm.put("replicas", p.replicas());
            pm.put("in_sync_replicas", p.inSyncReplicas());
            pm.put("high_watermark", p.highWatermark() < 0 ? null : p.highWatermark());
            pm.put("log_end_offset", p.logEndOffset() < 0 ? null : p.logEndOffset());
            pm.put("reported_by", p.reportedBy() < 0 ? null : p.reportedBy());
            List<Object> lags = new ArrayList<>();
            for (ClusterSnapshot.ReplicaLag r : p.replicaLag()) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("broker", r.brokerId());
                lm.put("match_end", r.matchEnd() < 0 ? null : r.matchEnd());
                lm.put("lag", r.lag() < 0 ? null : r.lag());
                lags.add(lm);
            }
            pm.put("replica_lag", lags);
            partitions.add(pm);
        }
        m.put("partitions", partitions);
        return m;
    }
}
