package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nonmonotonic-poll}: a worker (process) read, in one partition, an offset not above the
 * previous offset it read there: its position went backwards or it read a record again. Consecutive
 * reads are compared across the process's polls (it keeps its positions from poll to poll) and within
 * a poll in the order the consumer returned the records; a seek by the process (any outcome: it may
 * have happened) restarts the comparison in the partition it names, or in all its partitions when it
 * names none (-1). One anomaly per backward step: 5, 6, 7, 3, 4 is one.
 *
 * <p>Final reads are compared within each final-read op only: the harness may re-read with a fresh
 * consumer, so consecutive final-read ops need not continue each other.
 */
public final class NonMonotonicPollChecker implements Checker {

    public static final String NAME = "nonmonotonic-poll";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Anomalies anomalies = new Anomalies(NAME);
        Map<Integer, Map<Integer, Long>> lastByProcess = new HashMap<>();
        for (Op op : history) {
            if (Op.SEEK.equals(op.f())) {
                Map<Integer, Long> last = lastByProcess.get(op.process());
                if (last != null) {
                    if (op.partition() >= 0) {
                        last.remove(op.partition());
                    } else {
                        last.clear();
                    }
                }
            } else if (op.isOk() && Op.POLL.equals(op.f())) {
                compare(op, lastByProcess.computeIfAbsent(op.process(), p -> new HashMap<>()), anomalies);
            } else if (op.isOk() && Op.FINAL_READ.equals(op.f())) {
                compare(op, new HashMap<>(), anomalies);
            }
        }
        return anomalies.result();
    }

    private static void compare(Op op, Map<Integer, Long> last, Anomalies anomalies) {
        for (Op.Read r : op.records()) {
            Long previous = last.put(r.partition(), r.offset());
            if (previous != null && r.offset() <= previous) {
                anomalies.add(Reads.describe(op) + " read " + new Position(r.partition(), r.offset()) + " ("
                        + r.value() + ") after " + new Position(r.partition(), previous));
            }
        }
    }
}
