package io.brook.jepsen.report;

import io.brook.jepsen.checker.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}, format {@code brook-run-summary} version 1, written with {@link
 * io.brook.jepsen.history.Json}:
 * <pre>
 * {
 *   "format": "brook-run-summary", "version": 1,
 *   "valid": false,                                  every checker valid
 *   "parameters": { ... },                           as the harness gave them
 *   "checkers": [ {"name": "lost-write", "valid": true, "anomalies": 0, "examples": []}, ... ],
 *   "faults": [ {"name": "kill-leader", "start-ms": 12000, "end-ms": 17000, "recovery-ms": 850.3}, ... ],
 *   "recovery-ms": 850.3,                            after the last heal; null without faults or if writes never came back
 *   "totals": {"ops": 0, "duration-ms": 0, "sends": {"ok": 0, "fail": 0, "info": 0},
 *              "polls": {"ok": 0, "fail": 0, "info": 0}, "records-polled": 0, "records-final-read": 0},
 *   "ack-stalls": {"from-ms": 12000,                 the first fault's start (0 without faults), see {@link AckStalls}
 *                  "partitions": [ {"partition": 0, "longest-ms": 812.4, "at-ms": 15230, "acknowledged": 900}, ... ]},
 *   "nemeses": {"membership": {"moves-submitted": 12, "moves-completed": 11, ...}}   only nemeses that report counts;
 *                                                    absent when none does
 * }
 * </pre>
 * Times are milliseconds since the run started; recovery is to 0.1 ms and null where no ok send
 * followed the heal.
 */
final class Summary {

    static final String FORMAT = "brook-run-summary";
    static final int VERSION = 1;

    private Summary() {}

    static Map<String, Object> of(Map<String, ?> parameters, List<CheckResult> results, List<FaultWindow> faults,
                                  long[] recoveryNanos, Totals totals, AckStalls stalls,
                                  Map<String, ?> nemeses) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("valid", results.stream().allMatch(CheckResult::valid));
        json.put("parameters", new LinkedHashMap<>(parameters));
        List<Object> checkers = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.name());
            c.put("valid", r.valid());
            c.put("anomalies", r.anomalies());
            c.put("examples", r.examples());
            checkers.add(c);
        }
        json.put("checkers", checkers);
        List<Object> windows = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow w = faults.get(i);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", w.name());
            f.put("start-ms", w.startNanos() / 1_000_000);
            f.put("end-ms", w.endNanos() / 1_000_000);
            f.put("recovery-ms", millis(recoveryNanos[i]));
            windows.add(f);
            if (last < 0 || w.endNanos() >= faults.get(last).endNanos()) {
                last = i;
            }
        }
        json.put("faults", windows);
        json.put("recovery-ms", last < 0 ? null : millis(recoveryNanos[last]));
        json.put("totals", totals.toJson());
        json.put("ack-stalls", stalls.toJson());
        if (!nemeses.isEmpty()) {
            json.put("nemeses", new LinkedHashMap<>(nemeses));
        }
        return json;
    }

    /** Nanoseconds as milliseconds to 0.1 ms, or null for a negative (unknown) value. */
    static Double millis(long nanos) {
        return nanos < 0 ? null : Math.round(nanos / 1e5) / 10.0;
    }
}
