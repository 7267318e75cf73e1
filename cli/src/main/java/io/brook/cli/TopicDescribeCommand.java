package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.ConfigEntry;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicDescription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook topic describe}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show topics' configuration and partitions with leader, replicas and log offsets.")
public final class TopicDescribeCommand implements Callable<Integer> {

    /** Where users meet the term markers: an empty partition's LOG-END of 1 (docs/formats.md says why). */
    static final String OFFSETS_NOTE = "Offsets count Raft term markers too: each leader term starts with one (the first at "
            + "offset 0), so a partition without records has LOG-END 1 and its first record is at offset 1. "
            + "Consumers skip the markers; see docs/formats.md.";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "TOPIC", arity = "0..*", description = "Topics to describe (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, TopicDescription> topics;
        try (Admin admin = AdminClients.open(connection)) {
            List<String> which = names.isEmpty()
                    ? AdminClients.await(admin.listTopics(), connection).stream().sorted().toList()
                    : names;
            topics = AdminClients.await(admin.describeTopics(which, true), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Object> all = new ArrayList<>();
            topics.values().forEach(t -> all.add(json(t)));
            out.println(Json.write(all));
        } else {
            boolean first = true;
            for (TopicDescription t : topics.values()) {
                if (!first) {
                    out.println();
                }
                first = false;
                human(out, t);
            }
            if (!topics.isEmpty()) {
                out.println();
                out.println(OFFSETS_NOTE);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void human(PrintWriter out, TopicDescription t) {
        out.println("Topic: " + t.name() + "  id: " + t.topicId() + "  partitions: " + t.partitions().size()
                + "  replication factor: " + t.replicationFactor());
        StringBuilder cfg = new StringBuilder("Configs:");
        for (ConfigEntry e : new java.util.TreeMap<>(t.configs()).values()) {
            cfg.append(' ').append(e.name()).append('=').append(e.value()).append(e.isDefault() ? "" : " (override)");
        }
        out.println(cfg);
        Table table = new Table("PARTITION", "LEADER", "TERM", "REPLICAS", "ISR", "LOG-START", "LOG-END", "HIGH-WATERMARK", "SIZE", "SEGMENTS");
        for (PartitionInfo p : t.partitions()) {
            PartitionOffsets o = t.offsets().get(p.partition());
            table.row(p.partition(), p.hasLeader() ? p.leader() : "none", p.leaderTerm(), p.replicas(), p.inSyncReplicas(),
                    o == null ? "" : o.logStartOffset(), o == null ? "" : o.logEndOffset(), o == null ? "" : o.highWatermark(),
                    o == null ? "" : Bytes.human(o.sizeBytes()), o == null ? "" : o.segmentCount());
        }
        table.print(out);
        t.targetReplicas().forEach((p, target) -> out.println("Partition " + p + " is moving to replicas " + ReplicaMoves.ids(target)
                + " (see 'brook partition reassignments')."));
    }

    private static Map<String, Object> json(TopicDescription t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("id", t.topicId());
        m.put("replication_factor", t.replicationFactor());
        Map<String, Object> configs = new LinkedHashMap<>();
        new java.util.TreeMap<>(t.configs()).values().forEach(e -> configs.put(e.name(), e.value()));
        m.put("configs", configs);
        List<Object> parts = new ArrayList<>();
        for (PartitionInfo p : t.partitions()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("partition", p.partition());
            pm.put("leader", p.leader());
            pm.put("leader_term", p.leaderTerm());
            pm.put("replicas", p.replicas());
            pm.put("in_sync_replicas", p.inSyncReplicas());
            if (t.targetReplicas().containsKey(p.partition())) {
                pm.put("target_replicas", t.targetReplicas().get(p.partition()));
            }
            PartitionOffsets o = t.offsets().get(p.partition());
            if (o != null) {
                pm.put("log_start_offset", o.logStartOffset());
                pm.put("log_end_offset", o.logEndOffset());
                pm.put("high_watermark", o.highWatermark());
                pm.put("size_bytes", o.sizeBytes());
                pm.put("segments", o.segmentCount());
            }
            parts.add(pm);
        }
        m.put("partitions", parts);
        return m;
    }
}
