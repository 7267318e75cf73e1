package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code commit-backwards}: per partition, an ok commit B of a lower offset than an ok commit A that
 * completed before B completed, with no ok reset-offsets of that partition completed in between: the
 * group's committed offset went backwards without an explicit reset.
 *
 * <p>Two cases, both anomalies, told apart in the examples:
 * <ul>
 * <li>{@code after}: A completed before B was invoked, so B was certainly applied after A;</li>
 * <li>{@code concurrent}: B was invoked before A completed, so the coordinator may have applied them
 * in either order. One process has one commit open at a time, so these are commits of two members
 * that both thought they owned the partition at once (a zombie's commit the coordinator should have
 * refused for its stale member epoch); a member of the subscribe workload commits only partitions
 * it owns, between polls, so a correct group never shows this either.</li>
 * </ul>
 * Commits that failed (refused) or whose outcome is unknown are not in the sequence: an unknown one
 * may or may not have been applied, and no ok completion orders it. One anomaly per backward commit
 * entry, judged against the highest earlier one.
 *
 * <p>Cost: the ok entries sorted by completion per partition, then one pass with a prefix maximum and
 * a binary search per entry.
 */
public final class CommitBackwardsChecker implements Checker {

    public static final String NAME = "commit-backwards";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(List<Op> history) {
        Map<Integer, List<GroupCommits.Entry>> byPartition = new HashMap<>();
        for (GroupCommits.Entry e : GroupCommits.entries(history)) {
            if (e.outcome() == Op.Type.OK) {
                byPartition.computeIfAbsent(e.partition(), p -> new ArrayList<>()).add(e);
            }
        }
        Anomalies anomalies = new Anomalies(NAME);
        byPartition.keySet().stream().sorted().forEach(p -> check(byPartition.get(p), anomalies));
        return anomalies.result();
    }

    /** One partition's ok commits and resets. */
    private static void check(List<GroupCommits.Entry> entries, Anomalies anomalies) {
        entries.sort(Comparator.comparingLong(GroupCommits.Entry::completion));
        // since the last reset: the commits in completion order, and the running maximum of their offsets
        List<GroupCommits.Entry> since = new ArrayList<>();
        List<GroupCommits.Entry> highest = new ArrayList<>();
        for (GroupCommits.Entry b : entries) {
            if (b.isReset()) {
                since.clear();
                highest.clear();
                continue;
            }
            if (!since.isEmpty() && highest.get(highest.size() - 1).offset() > b.offset()) {
                int before = completedBefore(since, b.invoke());
                GroupCommits.Entry a = before > 0 && highest.get(before - 1).offset() > b.offset()
                        ? highest.get(before - 1) : highest.get(highest.size() - 1);
                boolean after = a.completion() < b.invoke();
                anomalies.add((after ? "after: " : "concurrent: ") + "commit of "
                        + new Position(b.partition(), b.offset()) + " by process " + b.process() + " (op " + b.invoke()
                        + ", ok at op " + b.completion() + ") is below " + new Position(a.partition(), a.offset())
                        + " committed by process " + a.process() + " (ok at op " + a.completion() + ")"
                        + (after ? "" : ", which was still open when it was invoked"));
            }
            GroupCommits.Entry top = highest.isEmpty() || highest.get(highest.size() - 1).offset() < b.offset()
                    ? b : highest.get(highest.size() - 1);
            since.add(b);
            highest.add(top);
        }
    }

    /** How many of {@code since} (in completion order) completed before op index {@code index}. */
    private static int completedBefore(List<GroupCommits.Entry> since, long index) {
        int lo = 0;
        int hi = since.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (since.get(mid).completion() < index) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
