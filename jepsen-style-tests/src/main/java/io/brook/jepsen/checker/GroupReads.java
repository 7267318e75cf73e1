package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the consumer-group checkers share: whether a history has a group at all, and the final log
 * (every offset the harness's final read returned, per partition, sorted), which is the evidence that
 * a record exists at an offset. Stateless.
 */
final class GroupReads {

    private GroupReads() {}

    /** True when some member of a consumer group polled (the run had the subscribe workload). */
    static boolean hasGroup(List<Op> history) {
        return history.stream().anyMatch(op -> Op.GROUP_POLL.equals(op.f()));
    }

    /** Partition → the offsets of the ok final reads' records, sorted, each once. */
    static Map<Integer, long[]> finalLog(List<Op> history) {
        Map<Integer, LongList> offsets = new HashMap<>();
        for (Op op : history) {
            if (op.isOk() && Op.FINAL_READ.equals(op.f())) {
                for (Op.Read r : op.records()) {
                    offsets.computeIfAbsent(r.partition(), p -> new LongList()).add(r.offset());
                }
            }
        }
        Map<Integer, long[]> sorted = new HashMap<>();
        offsets.forEach((partition, list) -> sorted.put(partition, list.sortedDistinct()));
        return sorted;
    }

    /**
     * How many offsets of the final log of {@code partition} lie in {@code [from, to)}, and the first
     * of them (or -1 when none).
     */
    static long[] existing(Map<Integer, long[]> finalLog, int partition, long from, long to) {
        long[] offsets = finalLog.get(partition);
        if (offsets == null || from >= to) {
            return new long[] {0, -1};
        }
        int first = LongList.firstAbove(offsets, from - 1);
        int end = LongList.firstAbove(offsets, to - 1);
        return new long[] {end - first, end > first ? offsets[first] : -1};
    }
}
