package io.brook.jepsen;

import io.brook.jepsen.history.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a subscribe run's consumer group did, counted over its history: records consumed, ok commits,
 * members killed (a group op completed "killed"), and moves (a partition appearing in the assignment
 * of a member that had reported an assignment before, or of a member that started after the first
 * kill: a rebalance gave it a partition).
 */
record GroupWork(long recordsConsumed, long okCommits, long killedMembers, long moves) {

    static GroupWork of(List<Op> history) {
        long consumed = 0;
        long commits = 0;
        Set<Integer> killed = new HashSet<>();
        Map<Integer, Set<Integer>> owned = new HashMap<>();
        long moves = 0;
        for (Op op : history) {
            if (op.isOkGroupPoll()) {
                consumed += op.records().size();
                Set<Integer> before = owned.get(op.process());
                Set<Integer> now = new HashSet<>(op.assignment() == null ? List.of() : op.assignment());
                if (before != null || !killed.isEmpty()) {
                    for (int p : now) {
                        if (before == null || !before.contains(p)) {
                            moves++;
                        }
                    }
                }
                owned.put(op.process(), now);
            } else if (op.isOk() && Op.COMMIT.equals(op.f())) {
                commits++;
            } else if (op.isCompletion() && "killed".equals(op.error())) {
                killed.add(op.process());
            }
        }
        return new GroupWork(consumed, commits, killed.size(), moves);
    }
}
