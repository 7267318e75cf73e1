package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code poll-skip}: a worker (process) read offsets a then b in one partition, consecutively and
 * without a seek in between, while some read (any process, final reads included) returned a record at
 * an offset strictly between a and b: the worker skipped a record that exists. Offsets nobody read are
 * no evidence, so the gaps control batches leave are never skips.
 *
 * <p>Where the comparison starts: after an ok seek to offset s, the next record read in that
 * partition must be the first record at or after s (a = s - 1). A seek that did not complete ok, or
 * names no partition or offset, forgets the position (of that partition, or all of the process's);
 * so does a poll whose outcome is unknown (info), since the consumer may have moved. Pairs where b is
 * not above a are {@code nonmonotonic-poll}'s. Within each final-read op consecutive records are
 * checked the same way (a final read must not skip either); consecutive final-read ops are not.
 *
 * <p>Cost: one pass collects every read offset per partition into a sorted array; each consecutive
 * pair is then one binary search. One anomaly per skipping pair.
 */
public final class PollSkipChecker implements Checker {

    public static final String NAME = "poll-skip";

    /** Where a process is in a partition: the last offset it read, or the offset before a seek target. */
    private record Cursor(long offset, boolean sought) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Map<Integer, long[]> existing = readOffsets(history);
        Anomalies anomalies = new Anomalies(NAME);
        Map<Integer, Map<Integer, Cursor>> cursors = new HashMap<>();
        for (Op op : history) {
            if (Op.SEEK.equals(op.f())) {
                seek(op, cursors.computeIfAbsent(op.process(), p -> new HashMap<>()));
            } else if (Op.POLL.equals(op.f()) && op.type() == Op.Type.INFO) {
                cursors.remove(op.process());
            } else if (op.isOk() && Op.POLL.equals(op.f())) {
                follow(op, cursors.computeIfAbsent(op.process(), p -> new HashMap<>()), existing, anomalies);
            } else if (op.isOk() && Op.FINAL_READ.equals(op.f())) {
                follow(op, new HashMap<>(), existing, anomalies);
            }
        }
        return anomalies.result();
    }

    private static Map<Integer, long[]> readOffsets(List<Op> history) {
        Map<Integer, LongList> offsets = new HashMap<>();
        Reads.forEach(history, (op, r) -> offsets.computeIfAbsent(r.partition(), p -> new LongList()).add(r.offset()));
        Map<Integer, long[]> sorted = new HashMap<>();
        offsets.forEach((partition, list) -> sorted.put(partition, list.sortedDistinct()));
        return sorted;
    }

    private static void seek(Op op, Map<Integer, Cursor> cursors) {
        if (op.partition() < 0) {
            cursors.clear();
        } else if (op.isOk() && op.offset() >= 0) {
            cursors.put(op.partition(), new Cursor(op.offset() - 1, true));
        } else {
            cursors.remove(op.partition());
        }
    }

    private static void follow(Op op, Map<Integer, Cursor> cursors, Map<Integer, long[]> existing,
                               Anomalies anomalies) {
        for (Op.Read r : op.records()) {
            Cursor previous = cursors.put(r.partition(), new Cursor(r.offset(), false));
            if (previous == null || r.offset() <= previous.offset()) {
                continue;
            }
            // r itself is in the array and above previous, so the first offset above previous exists
            long[] offsets = existing.get(r.partition());
            int next = LongList.firstAbove(offsets, previous.offset());
            if (offsets[next] < r.offset()) {
                int skipped = LongList.firstAbove(offsets, r.offset() - 1) - next;
                String after = previous.sought()
                        ? "a seek to " + new Position(r.partition(), previous.offset() + 1)
                        : new Position(r.partition(), previous.offset()).toString();
                anomalies.add(Reads.describe(op) + " read " + new Position(r.partition(), r.offset()) + " after "
                        + after + ", skipping " + skipped + " record(s) read elsewhere, first "
                        + new Position(r.partition(), offsets[next]));
            }
        }
    }
}
