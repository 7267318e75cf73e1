package io.brook.cli;

import io.brook.client.ReplicaMove;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** What the replica-move commands share: printing a plan (TOPIC/PARTITION/FROM/TO or JSON) and waiting for moves to end. */
final class ReplicaMoves {

    private static final long POLL_MS = 1000;

    private ReplicaMoves() {}

    /**
     * Prints the moves as a table, or as JSON {@code {"executed": bool, "moves": [{"topic", "partition", "from", "to"}]}}.
     *
     * @param none printed instead of an empty table
     */
    static void print(PrintWriter out, boolean json, List<ReplicaMove> moves, boolean executed, String none) {
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (ReplicaMove m : moves) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", m.partition().topic());
                row.put("partition", m.partition().partition());
                row.put("from", m.from());
                row.put("to", m.to());
                rows.add(row);
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("executed", executed);
            all.put("moves", rows);
            out.println(Json.write(all));
        } else if (moves.isEmpty()) {
            out.println(none);
        } else {
            Table t = new Table("TOPIC", "PARTITION", "FROM", "TO");
            for (ReplicaMove m : moves) {
                t.row(m.partition().topic(), m.partition().partition(), ids(m.from()), ids(m.to()));
            }
            t.print(out);
            out.println(executed ? "Moves started: the partitions' leaders carry them out; see 'brook partition reassignments'."
                    : "Nothing moved: this is the plan only.");
        }
        out.flush();
    }

    /** Broker ids as {@code 1,2,3}, the form {@code --replicas} takes. */
    static String ids(List<Integer> ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            b.append(b.length() == 0 ? "" : ",").append(id);
        }
        return b.toString();
    }

    /**
     * Polls {@code done} every second until it holds.
     *
     * @throws CliException (FAILED) when {@code limit} passes first, saying that the moves go on
     */
    static void await(Callable<Boolean> done, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new CliException(ExitCodes.FAILED, what + " did not finish within " + limit.toMillis()
                        + " ms; the moves go on: see 'brook partition reassignments'");
            }
            Thread.sleep(POLL_MS);
        }
    }
}
