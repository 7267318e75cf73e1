package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Damage done to a correct history, one anomaly at a time. Each mutation picks its victim at random
 * among the places it applies and returns {@code null} when the history has none.
 *
 * @param history the damaged history
 * @param victim the value or position the anomaly is about, as examples print it
 */
record Mutations(List<Op> history, String victim) {

    /** Removes an acknowledged value that reads went past from every read. */
    static Mutations dropEverywhere(List<Op> history, Random random) {
        Map<Integer, Long> highestRead = new HashMap<>();
        for (Op op : history) {
            if (op.isOkRead()) {
                op.records().forEach(r -> highestRead.merge(r.partition(), r.offset(), Math::max));
            }
        }
        List<History.Send> candidates = new ArrayList<>();
        for (History.Send send : History.sendsByValue(history).values()) {
            if (send.acknowledgedAtOffset() && highestRead.getOrDefault(send.partition(), -1L) > send.offset()) {
                candidates.add(send);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        String value = candidates.get(random.nextInt(candidates.size())).value();
        List<Op> out = new ArrayList<>();
        for (Op op : history) {
            out.add(op.isOkRead() ? withRecords(op, op.records().stream().filter(r -> !value.equals(r.value())).toList()) : op);
        }
        return new Mutations(out, value);
    }

    /** Removes from one poll a record that has records of its partition before and after it in that poll. */
    static Mutations dropFromOnePoll(List<Op> history, Random random) {
        return pickRecord(history, random, op -> Op.POLL.equals(op.f()), (op, i) -> {
            List<Op.Read> records = op.records();
            Op.Read r = records.get(i);
            boolean before = records.subList(0, i).stream().anyMatch(x -> x.partition() == r.partition());
            boolean after = records.subList(i + 1, records.size()).stream().anyMatch(x -> x.partition() == r.partition());
            return before && after;
        }, (op, i) -> {
            List<Op.Read> records = new ArrayList<>(op.records());
            Op.Read r = records.remove(i);
            return new Change(withRecords(op, records), new Position(r.partition(), r.offset()).toString());
        });
    }

    /** Adds, at the end of a final read, a copy of one of its records at an offset past the partition's end. */
    static Mutations copyToAnotherOffset(List<Op> history, Random random) {
        return pickRecord(history, random, op -> Op.FINAL_READ.equals(op.f()), (op, i) -> true, (op, i) -> {
            Op.Read r = op.records().get(i);
            long end = op.records().stream().filter(x -> x.partition() == r.partition())
                    .mapToLong(Op.Read::offset).max().orElseThrow();
            List<Op.Read> records = new ArrayList<>(op.records());
            records.add(new Op.Read(r.partition(), end + 1 + random.nextInt(5), r.value()));
            return new Change(withRecords(op, records), r.value());
        });
    }

    /** Changes the value of one polled record to {@code newValue}. */
    static Mutations changePolledValue(List<Op> history, Random random, String newValue) {
        return pickRecord(history, random, op -> Op.POLL.equals(op.f()), (op, i) -> true, (op, i) -> {
            List<Op.Read> records = new ArrayList<>(op.records());
            Op.Read r = records.get(i);
            records.set(i, new Op.Read(r.partition(), r.offset(), newValue));
            return new Change(withRecords(op, records), new Position(r.partition(), r.offset()).toString());
        });
    }

    /** Swaps two consecutive records of one partition within a poll; the victim is the later offset. */
    static Mutations swapInOnePoll(List<Op> history, Random random) {
        return pickRecord(history, random, op -> Op.POLL.equals(op.f()), (op, i) -> i + 1 < op.records().size()
                && op.records().get(i + 1).partition() == op.records().get(i).partition(), (op, i) -> {
                    List<Op.Read> records = new ArrayList<>(op.records());
                    Op.Read first = records.get(i);
                    Op.Read second = records.get(i + 1);
                    records.set(i, second);
                    records.set(i + 1, first);
                    return new Change(withRecords(op, records), new Position(second.partition(), second.offset()).toString());
                });
    }

    /** A value whose send failed, or {@code null}. */
    static String failedValue(List<Op> history, Random random) {
        List<String> failed = History.sendsByValue(history).values().stream()
                .filter(s -> s.outcome() == Op.Type.FAIL).map(History.Send::value).toList();
        return failed.isEmpty() ? null : failed.get(random.nextInt(failed.size()));
    }

    static Op withRecords(Op op, List<Op.Read> records) {
        return new Op(op.index(), op.type(), op.f(), op.process(), op.timeNanos(), op.key(), op.value(), op.partition(),
                op.offset(), records, op.error(), op.producer(), op.seq(), op.offsets(), op.assignment());
    }

    private record Change(Op op, String victim) {}

    private interface RecordTest {
        boolean applies(Op op, int index);
    }

    private interface RecordChange {
        Change apply(Op op, int index);
    }

    private static Mutations pickRecord(List<Op> history, Random random, Predicate<Op> ops, RecordTest test,
                                        RecordChange change) {
        List<int[]> candidates = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.isOkRead() && ops.test(op)) {
                for (int r = 0; r < op.records().size(); r++) {
                    if (test.applies(op, r)) {
                        candidates.add(new int[] {i, r});
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int[] pick = candidates.get(random.nextInt(candidates.size()));
        Change c = change.apply(history.get(pick[0]), pick[1]);
        List<Op> out = new ArrayList<>(history);
        out.set(pick[0], c.op());
        return new Mutations(out, c.victim());
    }
}
