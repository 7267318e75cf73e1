package io.brook.jepsen.checker;

import io.brook.jepsen.history.History;
import io.brook.jepsen.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code group-lost}: an acknowledged send (ok) whose value no member of the consumer group consumed
 * (no ok group-poll returned it) by the end of the run: the group's at-least-once promise broken,
 * e.g. by a commit ahead of what was consumed or a member that started a partition past its commit.
 * Reads by assign-mode pollers and the final read do not count: this is about the group. Members
 * that were killed later count: what a poll returned was consumed. A history without any group-poll
 * (no subscribe workload) is vacuously valid. One anomaly per value, examples in send order.
 */
public final class GroupLostChecker implements Checker {

    public static final String NAME = "group-lost";

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
        Set<String> consumed = new HashSet<>();
        for (Op op : history) {
            if (op.isOkGroupPoll()) {
                op.records().forEach(r -> consumed.add(r.value()));
            }
        }
        for (History.Send send : History.sendsByValue(history).values()) {
            if (send.acknowledged() && !consumed.contains(send.value())) {
                String where = send.acknowledgedAtOffset() ? " at " + new Position(send.partition(), send.offset()) : "";
                anomalies.add(send.value() + " acknowledged" + where + " (op " + send.completion().index()
                        + ") was never consumed by the group");
            }
        }
        return anomalies.result();
    }
}
