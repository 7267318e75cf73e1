package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.GroupDescription;
import io.brook.client.MemberDescription;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicPartition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook group describe}. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Show a consumer group: its state, its members and their partitions, and per partition the "
                + "committed offset, the log end and the lag.",
                "The log end is the partition's high watermark; the lag is log end minus committed offset ('-' without a "
                        + "commit)."})
public final class GroupDescribeCommand implements Callable<Integer> {

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "GROUP", description = "The group to describe.")
    String groupId;

    /** One partition's row: who owns it and how far behind the group is. */
    record PartitionRow(TopicPartition partition, String memberId, Long committed, Long logEnd) {
        Long lag() {
            return committed == null || logEnd == null ? null : logEnd - committed;
        }
    }

    @Override
    public Integer call() throws Exception {
        GroupDescription group;
        Map<TopicPartition, OffsetAndMetadata> committed;
        Map<TopicPartition, PartitionOffsets> logs;
        try (Admin admin = AdminClients.open(connection)) {
            group = GroupQueries.describeIfExists(admin, groupId, connection);
            if (group == null) {
                throw GroupQueries.unknownGroup(groupId);
            }
            committed = AdminClients.await(admin.listGroupOffsets(groupId), connection);
            Map<TopicPartition, String> owners = owners(group);
            TreeSet<String> topics = new TreeSet<>();
            committed.keySet().forEach(tp -> topics.add(tp.topic()));
            owners.keySet().forEach(tp -> topics.add(tp.topic()));
            logs = GroupQueries.logOffsets(admin, topics, true, connection);
        }
        List<PartitionRow> rows = rows(group, committed, logs);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(json(group, rows)));
        } else {
            human(out, group, rows);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<TopicPartition, String> owners(GroupDescription group) {
        Map<TopicPartition, String> owners = new HashMap<>();
        for (MemberDescription m : group.members()) {
            m.assignment().forEach(tp -> owners.put(tp, m.memberId()));
        }
        return owners;
    }

    /** Every partition that has a commit or an owner, sorted. */
    static List<PartitionRow> rows(GroupDescription group, Map<TopicPartition, OffsetAndMetadata> committed,
                                   Map<TopicPartition, PartitionOffsets> logs) {
        Map<TopicPartition, String> owners = owners(group);
        TreeSet<TopicPartition> all = new TreeSet<>(ORDER);
        all.addAll(committed.keySet());
        all.addAll(owners.keySet());
        List<PartitionRow> rows = new ArrayList<>();
        for (TopicPartition tp : all) {
            OffsetAndMetadata c = committed.get(tp);
            PartitionOffsets log = logs.get(tp);
            rows.add(new PartitionRow(tp, owners.get(tp), c == null ? null : c.offset(), log == null ? null : log.highWatermark()));
        }
        return rows;
    }

    private static void human(PrintWriter out, GroupDescription g, List<PartitionRow> rows) {
        out.println("Group: " + g.groupId() + "  state: " + g.state().label() + "  epoch: " + g.groupEpoch() + "  assignor: "
                + (g.assignor().isEmpty() ? "-" : g.assignor()) + "  coordinator: " + g.coordinatorId() + "  members: "
                + g.members().size());
        if (!g.members().isEmpty()) {
            out.println();
            Table members = new Table("MEMBER-ID", "INSTANCE-ID", "CLIENT-ID", "HOST", "EPOCH", "ASSIGNED", "PENDING-REVOCATION");
            for (MemberDescription m : g.members()) {
                members.row(m.memberId(), m.instanceId().orElse("-"), dash(m.clientId()), dash(m.host()), m.memberEpoch(),
                        dash(compact(m.assignment())), dash(compact(m.pendingRevocation())));
            }
            members.print(out);
        }
        if (!rows.isEmpty()) {
            out.println();
            Table partitions = new Table("TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG", "MEMBER-ID");
            for (PartitionRow r : rows) {
                partitions.row(r.partition().topic(), r.partition().partition(), orDash(r.committed()), orDash(r.logEnd()),
                        orDash(r.lag()), r.memberId() == null ? "-" : r.memberId());
            }
            partitions.print(out);
        }
    }

    /** {@code t:0,1 u:3}: partitions grouped by topic, for a table cell. */
    static String compact(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<String> parts = new ArrayList<>();
        byTopic.forEach((topic, ps) -> parts.add(topic + ":" + ps.stream().sorted().map(String::valueOf)
                .reduce((a, b) -> a + "," + b).orElse("")));
        return String.join(" ", parts);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static Object orDash(Long value) {
        return value == null ? "-" : value;
    }

    private static Map<String, Object> json(GroupDescription g, List<PartitionRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", g.groupId());
        m.put("state", g.state().label());
        m.put("group_epoch", g.groupEpoch());
        m.put("assignor", g.assignor());
        m.put("coordinator", g.coordinatorId());
        List<Object> members = new ArrayList<>();
        for (MemberDescription md : g.members()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("member_id", md.memberId());
            mm.put("instance_id", md.instanceId().orElse(null));
            mm.put("client_id", md.clientId());
            mm.put("host", md.host());
            mm.put("member_epoch", md.memberEpoch());
            mm.put("subscribed_topics", md.subscribedTopics());
            mm.put("assignment", partitionsJson(md.assignment()));
            mm.put("pending_revocation", partitionsJson(md.pendingRevocation()));
            mm.put("target", partitionsJson(md.target()));
            members.add(mm);
        }
        m.put("members", members);
        List<Object> partitions = new ArrayList<>();
        for (PartitionRow r : rows) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("topic", r.partition().topic());
            pm.put("partition", r.partition().partition());
            pm.put("committed_offset", r.committed());
            pm.put("log_end_offset", r.logEnd());
            pm.put("lag", r.lag());
            pm.put("member_id", r.memberId());
            partitions.add(pm);
        }
        m.put("partitions", partitions);
        return m;
    }

    /** {@code [{"topic": "t", "partition": 0}, ...]}. */
    static List<Object> partitionsJson(Collection<TopicPartition> partitions) {
        List<Object> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", tp.topic());
            m.put("partition", tp.partition());
            out.add(m);
        }
        return out;
    }
}
