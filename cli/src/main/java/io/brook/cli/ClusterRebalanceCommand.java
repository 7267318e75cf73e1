package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.LeaderMove;
import io.brook.client.ReplicaMove;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook cluster rebalance [--execute]}: prints (and with {@code --execute} starts) the replica moves
 * that even out the replicas and preferred leaders per live broker; with {@code --leaders}, the leadership
 * transfers that give every partition back to its preferred leader instead.
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = {"Balance the cluster: print the plan, or carry it out with --execute.",
                "Replicas (default): moves that make the live brokers' replica counts differ by at most one, as far as "
                        + "racks allow (a partition never spans fewer racks), then even out preferred leaders by reordering "
                        + "replicas. Counts, not bytes: the controller does not know partition sizes. The broker that answers plans.",
                "Leaders (--leaders): every partition not led by its preferred leader (its first replica) moves back to it by "
                        + "Raft leadership transfer, where that broker is caught up; every live broker is asked for the partitions it leads.",
                "Needs ALTER on the cluster."})
public final class ClusterRebalanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--leaders", description = "Balance leaders only (move each partition's leadership to its preferred leader).")
    boolean leaders;

    @Option(names = "--execute", description = "Start the moves; without it the plan is only printed.")
    boolean execute;

    @Mixin
    ThrottleOption throttle;

    @Override
    public Integer call() throws Exception {
        if (!leaders) {
            List<ReplicaMove> moves;
            try (Admin admin = AdminClients.open(connection)) {
                moves = AdminClients.await(admin.rebalanceReplicas(throttle.bytesPerSec, !execute), connection);
            }
            ReplicaMoves.print(spec.commandLine().getOut(), output.json(), moves, execute, "Replicas are balanced: nothing to move.");
            if (!execute && !moves.isEmpty() && !output.json()) {
                spec.commandLine().getOut().println("Add --execute to start the planned moves.");
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
        List<LeaderMove> moves;
        try (Admin admin = AdminClients.open(connection)) {
            moves = AdminClients.await(admin.rebalanceLeaders(!execute), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Object> rows = new ArrayList<>();
            for (LeaderMove m : moves) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", m.partition().topic());
                row.put("partition", m.partition().partition());
                row.put("from", m.from());
                row.put("to", m.to());
                row.put("outcome", m.outcome().name().toLowerCase(Locale.ROOT));
                rows.add(row);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("executed", execute);
            m.put("moves", rows);
            out.println(Json.write(m));
        } else if (moves.isEmpty()) {
            out.println("Every partition is led by its preferred leader.");
        } else {
            Table t = new Table("TOPIC", "PARTITION", "FROM", "TO", "OUTCOME");
            for (LeaderMove m : moves) {
                t.row(m.partition().topic(), m.partition().partition(), m.from(), m.to(), describe(m.outcome()));
            }
            t.print(out);
            if (!execute) {
                out.println("Nothing moved: add --execute to start the planned moves.");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(LeaderMove.Outcome o) {
        return switch (o) {
            case PLANNED -> "planned";
            case STARTED -> "transfer started";
            case PREFERRED_BEHIND -> "stays: preferred leader not caught up";
            case IN_PROGRESS -> "transfer already in progress";
            case UNKNOWN -> "unknown";
        };
    }
}
