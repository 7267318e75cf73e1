package io.brook.jepsen.report;

import io.brook.jepsen.history.Op;
import java.util.Arrays;
import java.util.List;

/**
 * How long writes took to come back after each fault was healed: the time from the window's end to
 * the first ok send completing at or after it. Sends in flight across the heal count: a write that
 * succeeds right after the heal is recovery too. One pass over the history for all windows.
 */
final class Recovery {

    private Recovery() {}

    /** Per window, in the given order: nanoseconds to the first ok send after its end, or -1 if none came. */
    static long[] afterHeal(List<Op> history, List<FaultWindow> windows) {
        long[] first = new long[windows.size()];
        Arrays.fill(first, Long.MAX_VALUE);
        for (Op op : history) {
            if (op.isOk() && Op.SEND.equals(op.f())) {
                for (int w = 0; w < first.length; w++) {
                    long end = windows.get(w).endNanos();
                    if (op.timeNanos() >= end && op.timeNanos() < first[w]) {
                        first[w] = op.timeNanos();
                    }
                }
            }
        }
        long[] recovery = new long[first.length];
        for (int w = 0; w < first.length; w++) {
            recovery[w] = first[w] == Long.MAX_VALUE ? -1 : first[w] - windows.get(w).endNanos();
        }
        return recovery;
    }
}
