package io.brook.jepsen.report;

import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts over a history for the summary: completions of sends and polls by type, records read by
 * polls and by final reads, ops and the run's length. One pass. Sends and polls still open at the end
 * count as info (unknown), as the checkers treat them.
 */
final class Totals {

    private long ops;
    private long durationNanos;
    /** Completions indexed by {@code type.ordinal() - 1}: ok, fail, info. */
    private final long[] sends = new long[3];
    private final long[] polls = new long[3];
    private long recordsPolled;
    private long recordsFinalRead;

    static Totals of(List<Op> history) {
        Totals t = new Totals();
        Map<Integer, String> open = new HashMap<>();
        for (Op op : history) {
            t.ops++;
            t.durationNanos = Math.max(t.durationNanos, op.timeNanos());
            if (op.isInvoke()) {
                open.put(op.process(), op.f());
                continue;
            }
            open.remove(op.process());
            int type = op.type().ordinal() - 1;
            if (Op.SEND.equals(op.f())) {
                t.sends[type]++;
            } else if (Op.POLL.equals(op.f())) {
                t.polls[type]++;
                t.recordsPolled += op.isOk() ? op.records().size() : 0;
            } else if (Op.FINAL_READ.equals(op.f()) && op.isOk()) {
                t.recordsFinalRead += op.records().size();
            }
        }
        for (String f : open.values()) {
            if (Op.SEND.equals(f)) {
                t.sends[Op.Type.INFO.ordinal() - 1]++;
            } else if (Op.POLL.equals(f)) {
                t.polls[Op.Type.INFO.ordinal() - 1]++;
            }
        }
        return t;
    }

    long okSends() {
        return sends[0];
    }

    /** As summary.json carries them. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ops", ops);
        json.put("duration-ms", durationNanos / 1_000_000);
        json.put("sends", byType(sends));
        json.put("polls", byType(polls));
        json.put("records-polled", recordsPolled);
        json.put("records-final-read", recordsFinalRead);
        return json;
    }

    private static Map<String, Object> byType(long[] counts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", counts[0]);
        json.put("fail", counts[1]);
        json.put("info", counts[2]);
        return json;
    }
}
