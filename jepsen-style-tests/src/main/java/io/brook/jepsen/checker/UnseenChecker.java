package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code unseen}: an acknowledged send (ok) whose value no read returned by the end of the run, final
 * reads included. Where it was read does not matter here (a value read at another position is
 * {@code duplicate}'s or {@code inconsistent-offsets}' business). Sends that failed or whose outcome is
 * unknown may be missing. One anomaly per value, examples in send order.
 *
 * <p>Every lost write is unseen; an unseen write that no read went past is not lost: the final read,
 * which reads every partition to its end, decides whether the log holds anything after it.
 */
public final class UnseenChecker implements Checker {

    public static final String NAME = "unseen";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Set<String> read = new HashSet<>();
        Reads.forEach(history, (op, r) -> read.add(r.value()));
        Anomalies anomalies = new Anomalies(NAME);
        for (History.Send send : History.sendsByValue(history).values()) {
            if (send.acknowledged() && !read.contains(send.value())) {
                String where = send.acknowledgedAtOffset()
                        ? " at " + new Position(send.partition(), send.offset()) : "";
                anomalies.add(send.value() + " acknowledged" + where + " (op " + send.completion().index()
                        + ") was never read");
            }
        }
        return anomalies.result();
    }
}
