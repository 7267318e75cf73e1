package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code inconsistent-offsets}: one position (partition, offset) holding different values, across all
 * reads (polls and final reads, any process) and all acknowledgements: two reads that disagree, a send
 * acknowledged at a position where reads show another value, or two sends acknowledged at one
 * position. A position nobody read is judged by its acknowledgements alone. One anomaly per position,
 * examples in the order positions were first read (then acknowledged-only positions, in send order).
 */
public final class InconsistentOffsetsChecker implements Checker {

    public static final String NAME = "inconsistent-offsets";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        // position → the Value read there, or a LinkedHashSet of Values once a second one shows up.
        Map<Position, Object> read = new LinkedHashMap<>();
        Reads.forEach(history, (op, r) -> {
            Position position = new Position(r.partition(), r.offset());
            Object known = read.get(position);
            if (known == null) {
                read.put(position, new Value(r.value()));
            } else if (!(known instanceof Value v && Objects.equals(v.value(), r.value()))) {
                read.put(position, add(known, new Value(r.value())));
            }
        });
        Map<Position, Object> acked = new LinkedHashMap<>();
        for (History.Send send : History.sendsByValue(history).values()) {
            if (send.acknowledgedAtOffset()) {
                acked.merge(new Position(send.partition(), send.offset()), new Value(send.value()),
                        InconsistentOffsetsChecker::add);
            }
        }
        Anomalies anomalies = new Anomalies(NAME);
        for (Map.Entry<Position, Object> e : read.entrySet()) {
            judge(e.getKey(), values(e.getValue()), values(acked.get(e.getKey())), anomalies);
        }
        for (Map.Entry<Position, Object> e : acked.entrySet()) {
            if (!read.containsKey(e.getKey())) {
                judge(e.getKey(), Set.of(), values(e.getValue()), anomalies);
            }
        }
        return anomalies.result();
    }

    private static void judge(Position position, Set<Value> read, Set<Value> acked, Anomalies anomalies) {
        Set<Value> all = new LinkedHashSet<>(read);
        all.addAll(acked);
        if (all.size() < 2) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Value v : all) {
            String how = read.contains(v) && acked.contains(v) ? "acknowledged, read"
                    : read.contains(v) ? "read" : "acknowledged";
            parts.add(v + " (" + how + ")");
        }
        anomalies.add(position + " holds " + all.size() + " values: " + String.join(", ", parts));
    }

    /** A value, null included (a record without a value still occupies its offset); maps cannot hold null. */
    private record Value(String value) {
        @Override
        public String toString() {
            return Objects.toString(value);
        }
    }

    private static Object add(Object existing, Object value) {
        if (existing instanceof Value v) {
            if (v.equals(value)) {
                return v;
            }
            Set<Value> set = new LinkedHashSet<>();
            set.add(v);
            set.add((Value) value);
            return set;
        }
        @SuppressWarnings("unchecked")
        Set<Value> set = (Set<Value>) existing;
        set.add((Value) value);
        return set;
    }

    @SuppressWarnings("unchecked")
    private static Set<Value> values(Object values) {
        if (values == null) {
            return Set.of();
        }
        return values instanceof Value v ? Set.of(v) : (Set<Value>) values;
    }
}
