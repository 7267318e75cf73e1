package io.brook.benchmarks.group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one event (a member joins, leaves or is killed at {@code eventMs}), from the
 * timeline and the partition owners just before the event and once the group settled after it.
 *
 * <ul>
 *   <li>{@code assigned_ms}: until the last partition was given to its final owner (0 when none moved).
 *   <li>{@code consuming_ms}: until every partition had delivered a record through its final owner
 *       after the event and after that owner was given it: "every partition owned and consuming again".
 *   <li>{@code moved}: partitions whose owner changed; {@code unrecovered_partitions}: partitions that
 *       had no owner, or had not delivered, when the wait for the group to settle timed out (then
 *       consuming_ms covers only the others, and the event should be read as failed).
 *   <li>Non-moving partitions (same owner before and after, the subject excluded): records per second
 *       they delivered in the {@code baselineMs} before the event and during [event, event +
 *       consuming_ms]; the loss in percent; the largest delay from send to delivery among them in
 *       each of the two windows.
 * </ul>
 */
final class EventAnalysis {

    private EventAnalysis() {}

    static Map<String, Double> analyse(Timeline tl, int[] before, int[] after, int subject, long eventMs, long baselineMs) {
        int n = tl.partitions();
        long[] start = new long[n];
        long assigned = 0;
        int moved = 0;
        boolean[] steady = new boolean[n];
        for (int p = 0; p < n; p++) {
            long given = tl.assignedAt(after[p], p);
            start[p] = Math.max(eventMs, given);
            assigned = Math.max(assigned, start[p] - eventMs);
            if (before[p] != after[p]) {
                moved++;
            }
            steady[p] = before[p] == after[p] && before[p] >= 0 && before[p] != subject;
        }
        long[] first = new long[n];
        Arrays.fill(first, Long.MAX_VALUE);
        tl.deliveries(eventMs, Long.MAX_VALUE, (at, member, p, records, oldest) -> {
            if (member == after[p] && at >= start[p] && at < first[p]) {
                first[p] = at;
            }
        });
        long consuming = 0;
        int unrecovered = 0;
        for (int p = 0; p < n; p++) {
            if (first[p] == Long.MAX_VALUE) {
                unrecovered++;
            } else {
                consuming = Math.max(consuming, first[p] - eventMs);
            }
        }
        long windowEnd = eventMs + Math.max(consuming, 1);
        long[] baseRecords = new long[1];
        long[] windowRecords = new long[1];
        long[] baseDelay = new long[1];
        long[] windowDelay = new long[1];
        // the rates count [start, end) of each window; the window's delays include the delivery at its
        // end, which is often the backlog of a partition that stalled
        tl.deliveries(eventMs - baselineMs, windowEnd + 1, (at, member, p, records, oldest) -> {
            if (!steady[p] || member != after[p]) {
                return;
            }
            long delay = oldest == Long.MAX_VALUE ? 0 : at - oldest;
            if (at < eventMs) {
                baseRecords[0] += records;
                baseDelay[0] = Math.max(baseDelay[0], delay);
            } else {
                windowRecords[0] += at < windowEnd ? records : 0;
                windowDelay[0] = Math.max(windowDelay[0], delay);
            }
        });
        double baseRate = baseRecords[0] * 1000.0 / baselineMs;
        double windowRate = windowRecords[0] * 1000.0 / (windowEnd - eventMs);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("assigned_ms", (double) assigned);
        m.put("consuming_ms", (double) consuming);
        m.put("moved", (double) moved);
        m.put("unrecovered_partitions", (double) unrecovered);
        m.put("nonmoving_partitions", (double) countTrue(steady));
        m.put("nonmoving_base_rps", round(baseRate));
        m.put("nonmoving_window_rps", round(windowRate));
        m.put("nonmoving_lost_pct", baseRate > 0 ? round(100.0 * (1 - windowRate / baseRate)) : 0.0);
        m.put("nonmoving_base_max_delay_ms", (double) baseDelay[0]);
        m.put("nonmoving_window_max_delay_ms", (double) windowDelay[0]);
        return m;
    }

    private static int countTrue(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            c += x ? 1 : 0;
        }
        return c;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
