package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code group-skip}: a member of the consumer group skipped records that exist in the final log.
 * <ul>
 * <li>{@code start}: a member started a partition (it is in the assignment of its ok group-poll and
 * was not in that process's previous one) and its first read there is offset f, while the group's
 * committed offset when it started was at most c (the highest offset of the partition's commits and
 * resets, ok or unknown, invoked before that poll completed; 0 when none) and the final log has a
 * record in [c, f): the member did not resume from the commit. This is "consumers that restart
 * from their commits skip nothing", for every start, not only after the last heal: commits are
 * replicated like acks=all records, so no fault excuses a skip.</li>
 * <li>{@code next}: while a member owns a partition, it read offsets a then b &gt; a + 1 while the
 * final log has a record in (a, b).</li>
 * </ul>
 * A group-poll that did not complete ok leaves the member's ownership and positions unknown: its
 * partitions that are still assigned at its next ok poll are not checked until they are read once
 * (only partitions new in that assignment are starts). Reading an offset at or below the last one (a
 * re-read after a move) is never a skip. One anomaly per skipping read.
 */
public final class GroupSkipChecker implements Checker {

    public static final String NAME = "group-skip";

    /** Where a member is in a partition: not yet read since it started from at most {@code bound}, or last read {@code offset}. */
    private record Cursor(boolean started, long offset) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Anomalies anomalies = new Anomalies(NAME);
        if (!GroupReads.hasGroup(history)) {
            return anomalies.result();
        }
        Map<Integer, long[]> finalLog = GroupReads.finalLog(history);
        CommitBounds bounds = new CommitBounds(GroupCommits.entries(history));
        Map<Integer, Set<Integer>> owned = new HashMap<>();
        Map<Integer, Map<Integer, Cursor>> cursors = new HashMap<>();
        for (Op op : history) {
            if (!Op.GROUP_POLL.equals(op.f()) || op.isInvoke()) {
                continue;
            }
            Map<Integer, Cursor> mine = cursors.computeIfAbsent(op.process(), p -> new HashMap<>());
            if (!op.isOk() || op.assignment() == null) {
                mine.clear(); // positions unknown; ownership kept, so only new partitions count as starts
                continue;
            }
            Set<Integer> before = owned.getOrDefault(op.process(), Set.of());
            Set<Integer> now = new HashSet<>(op.assignment());
            mine.keySet().retainAll(now);
            for (int p : now) {
                if (!before.contains(p)) {
                    mine.put(p, new Cursor(true, bounds.highestBefore(p, op.index())));
                }
            }
            owned.put(op.process(), now);
            for (Op.Read r : op.records()) {
                Cursor c = mine.get(r.partition());
                if (c != null) {
                    check(op, r, c, finalLog, anomalies);
                }
                if (now.contains(r.partition())) {
                    mine.put(r.partition(), new Cursor(false, r.offset()));
                }
            }
        }
        return anomalies.result();
    }

    private static void check(Op op, Op.Read r, Cursor c, Map<Integer, long[]> finalLog, Anomalies anomalies) {
        long from = c.started() ? c.offset() : c.offset() + 1;
        long[] skipped = GroupReads.existing(finalLog, r.partition(), from, r.offset());
        if (skipped[0] == 0) {
            return;
        }
        String what = c.started()
                ? "started from the group's commit (at most " + new Position(r.partition(), c.offset()) + ") and first read "
                : "read " + new Position(r.partition(), c.offset()) + " then ";
        anomalies.add((c.started() ? "start: " : "next: ") + "process " + op.process() + " (op " + op.index() + ") "
                + what + new Position(r.partition(), r.offset()) + ", skipping " + skipped[0]
                + " record(s) of the final log, first " + new Position(r.partition(), skipped[1]));
    }

    /** The highest offset each partition's commits and resets (not failed) had been invoked with, by op index. */
    private static final class CommitBounds {
        private final Map<Integer, List<long[]>> byPartition = new HashMap<>();

        CommitBounds(List<GroupCommits.Entry> entries) {
            for (GroupCommits.Entry e : entries) { // invocation order
                if (e.outcome() == Op.Type.FAIL) {
                    continue;
                }
                List<long[]> list = byPartition.computeIfAbsent(e.partition(), p -> new ArrayList<>());
                long max = list.isEmpty() ? e.offset() : Math.max(e.offset(), list.get(list.size() - 1)[1]);
                list.add(new long[] {e.invoke(), max});
            }
        }

        /** The highest offset of partition {@code p} invoked before op {@code index}; 0 when none. */
        long highestBefore(int p, long index) {
            List<long[]> list = byPartition.get(p);
            if (list == null) {
                return 0;
            }
            int lo = 0;
            int hi = list.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (list.get(mid)[0] < index) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo == 0 ? 0 : list.get(lo - 1)[1];
        }
    }
}
