package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.GroupDescription;
import io.brook.client.GroupIdNotFoundException;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.OffsetAndTimestamp;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicPartition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook group reset-offsets}. */
@Command(name = "reset-offsets", mixinStandardHelpOptions = true,
        description = {"Plan, and with --execute apply, new committed offsets for a group without members.",
                "Every partition of each --topic moves to the place one of --to-earliest, --to-latest, --to-offset, "
                        + "--to-datetime or --shift-by names, clamped to the partition's log start and log end (high "
                        + "watermark). Without --execute it only prints the plan. It refuses while the group has members: "
                        + "stop its consumers first."})
public final class GroupResetOffsetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "GROUP", description = "The group whose offsets to reset (it may not exist yet).")
    String groupId;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", required = true,
            description = "A topic whose partitions to reset; repeatable.")
    List<String> topics;

    @ArgGroup(exclusive = true, multiplicity = "1")
    OffsetResetTarget target;

    @Option(names = "--execute", description = "Commit the new offsets (without it, nothing changes).")
    boolean execute;

    /** One partition of the plan. */
    record Step(TopicPartition partition, Long current, long next) {
    }

    @Override
    public Integer call() throws Exception {
        target.validate(spec.commandLine());
        List<Step> plan;
        try (Admin admin = AdminClients.open(connection)) {
            GroupDescription group = GroupQueries.describeIfExists(admin, groupId, connection);
            if (group != null && !group.members().isEmpty()) {
                throw new CliException(ExitCodes.FAILED, "group '" + groupId + "' has " + group.members().size()
                        + " member(s), and offsets can only be reset while it has none: stop its consumers first (`brook group"
                        + " describe " + groupId + "` lists them)");
            }
            Map<TopicPartition, PartitionOffsets> logs = GroupQueries.logOffsets(admin, new LinkedHashSet<>(topics), false,
                    connection);
            Map<TopicPartition, OffsetAndMetadata> committed = group == null ? Map.of() : committed(admin);
            Map<TopicPartition, OffsetAndTimestamp> found = target.byTime() ? offsetsForTime(logs) : Map.of();
            plan = plan(logs, committed, found);
            if (execute) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                plan.forEach(s -> offsets.put(s.partition(), new OffsetAndMetadata(s.next())));
                AdminClients.await(admin.alterGroupOffsets(groupId, offsets), connection);
            }
        }
        print(plan);
        return ExitCodes.OK;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
        try {
            return AdminClients.await(admin.listGroupOffsets(groupId), connection);
        } catch (GroupIdNotFoundException e) {
            return Map.of();
        }
    }

    private Map<TopicPartition, OffsetAndTimestamp> offsetsForTime(Map<TopicPartition, PartitionOffsets> logs) {
        long time = target.timestampMs(spec.commandLine());
        Map<TopicPartition, Long> times = new HashMap<>();
        logs.keySet().forEach(tp -> times.put(tp, time));
        ConsumerConfig config = ConsumerConfig.builder().bootstrapServers(connection.bootstrap()).security(connection.security()).clientId("brook-cli-group")
                .requestTimeoutMs((int) Math.min(Math.max(connection.timeoutMs, 1000), Integer.MAX_VALUE))
                .defaultApiTimeoutMs(connection.timeoutMs).build();
        try (Consumer consumer = new Consumer(config)) {
            return consumer.offsetsForTimes(times);
        }
    }

    private List<Step> plan(Map<TopicPartition, PartitionOffsets> logs, Map<TopicPartition, OffsetAndMetadata> committed,
                            Map<TopicPartition, OffsetAndTimestamp> found) {
        List<TopicPartition> partitions = new ArrayList<>(logs.keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        List<Step> plan = new ArrayList<>();
        List<String> uncommitted = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            Long current = c == null ? null : c.offset();
            if (target.shiftBy != null && current == null) {
                uncommitted.add(tp.toString());
                continue;
            }
            plan.add(new Step(tp, current, target.newOffset(logs.get(tp), current, found.get(tp))));
        }
        if (!uncommitted.isEmpty()) {
            throw new CliException(ExitCodes.FAILED, "--shift-by moves committed offsets, and group '" + groupId
                    + "' has none for " + String.join(", ", uncommitted) + ": reset them with --to-earliest, --to-latest, "
                    + "--to-offset or --to-datetime instead");
        }
        return plan;
    }

    private void print(List<Step> plan) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", groupId);
            m.put("executed", execute);
            List<Object> partitions = new ArrayList<>();
            for (Step s : plan) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("topic", s.partition().topic());
                pm.put("partition", s.partition().partition());
                pm.put("current_offset", s.current());
                pm.put("new_offset", s.next());
                partitions.add(pm);
            }
            m.put("partitions", partitions);
            out.println(Json.write(m));
        } else {
            Table table = new Table("TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET");
            plan.forEach(s -> table.row(s.partition().topic(), s.partition().partition(),
                    s.current() == null ? "-" : s.current(), s.next()));
            table.print(out);
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println(execute
                ? "Reset the committed offsets of " + plan.size() + " partition(s) of group " + groupId + "."
                : "Nothing changed (a dry run): add --execute to commit these offsets.");
        err.flush();
    }
}
