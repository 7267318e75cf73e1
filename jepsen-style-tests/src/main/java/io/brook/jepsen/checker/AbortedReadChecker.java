package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code aborted-read}: a read returned a value whose send definitely failed ({@code fail}): the
 * client was told the write did not happen, yet it is visible. Sends with an unknown outcome
 * ({@code info}, or still open at the end) may legitimately appear. One anomaly per value, examples in
 * the order the values were first read.
 */
public final class AbortedReadChecker implements Checker {

    public static final String NAME = "aborted-read";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Map<String, History.Send> sends = History.sendsByValue(history);
        Set<String> reported = new HashSet<>();
        Anomalies anomalies = new Anomalies(NAME);
        Reads.forEach(history, (op, r) -> {
            History.Send send = sends.get(r.value());
            if (send != null && send.outcome() == Op.Type.FAIL && reported.add(r.value())) {
                String why = send.completion().error() == null ? "" : ": " + send.completion().error();
                anomalies.add(r.value() + " read at " + new Position(r.partition(), r.offset()) + " by "
                        + Reads.describe(op) + ", but its send failed (op " + send.completion().index() + why + ")");
            }
        });
        return anomalies.result();
    }
}
