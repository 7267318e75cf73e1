package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.LeaderMove;
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
 * {@code brook cluster rebalance --leaders [--execute]}: lists (and with {@code --execute} starts)
 * the leadership transfers that give every partition back to its preferred leader. Replica moves
 * are not built yet: without {@code --leaders} the command says so and fails.
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = {"Balance the cluster: print the plan, or carry it out with --execute.",
                "Only leaders can be balanced so far (--leaders): every partition not led by its preferred leader "
                        + "(its first replica) moves back to it by Raft leadership transfer, where that broker is caught up. "
                        + "Every live broker is asked for the partitions it leads; needs ALTER on the cluster.",
                "Without --leaders the command fails (exit code 1): moving replicas is not available yet."})
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

    @Override
    public Integer call() throws Exception {
        if (!leaders) {
            throw new CliException(ExitCodes.FAILED, "moving replicas is not available yet: use 'brook cluster rebalance --leaders' "
                    + "to move leaders to their preferred brokers");
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
