package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code duplicate}: one value at more than one position (partition, offset), counting every position
 * a read returned it at and the position its send was acknowledged at. The acknowledgement counts
 * because the broker promised the value is there; a value acknowledged at one offset and read only at
 * another is in the log twice or was moved, and no other checker would say so. Reading the same
 * record again (same position) is not a duplicate. One anomaly per value, examples in the order the
 * values were first read.
 */
public final class DuplicateChecker implements Checker {

    public static final String NAME = "duplicate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        // value → Position, or a LinkedHashSet<Position> once it has a second one: most values have one.
        Map<String, Object> positions = new LinkedHashMap<>();
        Reads.forEach(history, (op, r) -> {
            if (r.value() != null) {
                Object known = positions.get(r.value());
                if (known == null) {
                    positions.put(r.value(), new Position(r.partition(), r.offset()));
                } else if (!(known instanceof Position p && p.partition() == r.partition() && p.offset() == r.offset())) {
                    positions.put(r.value(), add(known, new Position(r.partition(), r.offset())));
                }
            }
        });
        Map<String, History.Send> sends = History.sendsByValue(history);
        Anomalies anomalies = new Anomalies(NAME);
        for (Map.Entry<String, Object> e : positions.entrySet()) {
            History.Send send = sends.get(e.getKey());
            Position acked = send != null && send.acknowledgedAtOffset()
                    ? new Position(send.partition(), send.offset()) : null;
            Set<Position> read = asSet(e.getValue());
            if (read.size() > 1 || (acked != null && !read.contains(acked))) {
                anomalies.add(e.getKey() + " at " + describe(read, acked));
            }
        }
        return anomalies.result();
    }

    private static Object add(Object existing, Object position) {
        if (existing instanceof Position p) {
            if (p.equals(position)) {
                return p;
            }
            Set<Position> set = new LinkedHashSet<>();
            set.add(p);
            set.add((Position) position);
            return set;
        }
        @SuppressWarnings("unchecked")
        Set<Position> set = (Set<Position>) existing;
        set.add((Position) position);
        return set;
    }

    @SuppressWarnings("unchecked")
    private static Set<Position> asSet(Object positions) {
        return positions instanceof Position p ? Set.of(p) : (Set<Position>) positions;
    }

    private static String describe(Set<Position> read, Position acked) {
        List<String> parts = new ArrayList<>();
        if (acked != null && !read.contains(acked)) {
            parts.add(acked + " (acknowledged)");
        }
        for (Position p : read) {
            parts.add(p + (p.equals(acked) ? " (acknowledged, read)" : " (read)"));
        }
        return String.join(", ", parts);
    }
}
