package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code unexpected}: a read returned a value that no send ever invoked (a record without a value
 * included): the log holds data nobody wrote. Any invoked send counts, whatever its outcome. One
 * anomaly per value, examples in the order the values were first read.
 */
public final class UnexpectedChecker implements Checker {

    public static final String NAME = "unexpected";

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
            if ((r.value() == null || !sends.containsKey(r.value())) && reported.add(r.value())) {
                anomalies.add(r.value() + " read at " + new Position(r.partition(), r.offset()) + " by "
                        + Reads.describe(op) + " was never sent");
            }
        });
        return anomalies.result();
    }
}
