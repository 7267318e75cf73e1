package io.brook.jepsen.report;

import static io.brook.jepsen.history.HistoryBuilder.r;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * A small made-up run, 10.5 s long: process 1 sends every 100 ms (5 ms latency), except that sends
 * invoked during the fault (3 s to 5 s) fail after 50 ms; process 2 polls every second at .5 s what
 * was acknowledged since its last poll; the harness reads everything back at 10.5 s. 80 sends ok, 20
 * failed, 10 polls returning 80 records.
 */
final class SyntheticRun {

    static final long MS = 1_000_000L;
    static final FaultWindow FAULT = new FaultWindow("kill-leader", 3_000 * MS, 5_000 * MS);

    private SyntheticRun() {}

    static List<Op> history() {
        HistoryBuilder h = new HistoryBuilder();
        List<Op.Read> acked = new ArrayList<>();
        int polled = 0;
        long offset = 0;
        for (int i = 0; i < 100; i++) {
            long t = i * 100 * MS;
            String value = "v" + i;
            boolean faulty = t >= FAULT.startNanos() && t < FAULT.endNanos();
            h.at(t).sendInvoke(1, value);
            if (faulty) {
                h.at(t + 50 * MS).add(Op.Type.FAIL, Op.SEND, 1, value, -1, -1, List.of(), "NOT_LEADER");
            } else {
                h.at(t + 5 * MS).sendAck(1, value, 0, offset);
                acked.add(r(0, offset, value));
                offset++;
            }
            if (i % 10 == 5) {
                h.at(t + 6 * MS).pollInvoke(2)
                        .at(t + 8 * MS).add(Op.Type.OK, Op.POLL, 2, null, -1, -1, List.copyOf(acked.subList(polled, acked.size())), null);
                polled = acked.size();
            }
        }
        h.at(10_400 * MS).pollInvoke(2)
                .at(10_450 * MS).add(Op.Type.OK, Op.POLL, 2, null, -1, -1, List.copyOf(acked.subList(polled, acked.size())), null);
        h.at(10_500 * MS).finalRead(acked.toArray(new Op.Read[0]));
        return h.build();
    }
}
