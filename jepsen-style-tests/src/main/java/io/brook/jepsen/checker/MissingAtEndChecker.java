package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code missing-at-end}: an acknowledged send whose value the final read did not return. The final
 * read reads every partition from the run's start to its end after everything is healed, so every
 * acknowledged value must be in it, wherever it was read before. This catches what {@code lost-write}
 * and {@code unseen} let pass because a poll saw the value before it went: a log (or a whole topic)
 * that a power loss took after the workers had read it. A run whose final read failed has no final
 * reads, and every acknowledged value is reported. One anomaly per value, examples in send order.
 */
public final class MissingAtEndChecker implements Checker {

    public static final String NAME = "missing-at-end";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Set<String> atEnd = new HashSet<>();
        Map<Integer, Long> finalRecords = new HashMap<>();
        for (Op op : history) {
            if (op.isOk() && Op.FINAL_READ.equals(op.f())) {
                for (Op.Read r : op.records()) {
                    atEnd.add(r.value());
                    finalRecords.merge(r.partition(), 1L, Long::sum);
                }
            }
        }
        Anomalies anomalies = new Anomalies(NAME);
        for (History.Send send : History.sendsByValue(history).values()) {
            if (send.acknowledged() && !atEnd.contains(send.value())) {
                String where = send.acknowledgedAtOffset() ? " at " + new Position(send.partition(), send.offset()) : "";
                String partitionRead = send.partition() >= 0
                        ? " (it returned " + finalRecords.getOrDefault(send.partition(), 0L) + " records of p" + send.partition() + ")"
                        : "";
                anomalies.add(send.value() + " acknowledged" + where + " (op " + send.completion().index()
                        + ") is not in the final read" + partitionRead);
            }
        }
        return anomalies.result();
    }
}
