package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lost-write}: a send acknowledged at partition p, offset o whose value no read (poll or final
 * read) ever returned, although some read in p returned a record at an offset above o: the log moved
 * past the write without it. Acknowledgements without an offset cannot be placed and are left to
 * {@code unseen}. A value read anywhere, at any position, is not lost. One anomaly per value, examples
 * in send order.
 */
public final class LostWriteChecker implements Checker {

    public static final String NAME = "lost-write";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Set<String> read = new HashSet<>();
        Map<Integer, long[]> highestRead = new HashMap<>();
        Reads.forEach(history, (op, r) -> {
            read.add(r.value());
            long[] highest = highestRead.computeIfAbsent(r.partition(), p -> new long[] {-1});
            highest[0] = Math.max(highest[0], r.offset());
        });
        Anomalies anomalies = new Anomalies(NAME);
        for (History.Send send : History.sendsByValue(history).values()) {
            if (!send.acknowledgedAtOffset() || read.contains(send.value())) {
                continue;
            }
            long highest = highestRead.getOrDefault(send.partition(), new long[] {-1})[0];
            if (highest > send.offset()) {
                anomalies.add(send.value() + " acknowledged at " + new Position(send.partition(), send.offset())
                        + " (op " + send.completion().index() + ") was never read, though reads reached "
                        + new Position(send.partition(), highest));
            }
        }
        return anomalies.result();
    }
}
