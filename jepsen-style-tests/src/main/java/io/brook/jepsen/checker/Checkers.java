package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The full set of checks a run ends with. Stateless. */
public final class Checkers {

    private Checkers() {}

    /**
     * The history checkers, in the order their results are reported: lost-write, unseen, missing-at-end,
     * duplicate, inconsistent-offsets, nonmonotonic-poll, poll-skip, unexpected, aborted-read,
     * lost-admin-change, producer-order, and the consumer group's group-lost, commit-backwards,
     * group-skip (vacuous without a subscribe workload).
     */
    public static List<Checker> all() {
        return List.of(new LostWriteChecker(), new UnseenChecker(), new MissingAtEndChecker(), new DuplicateChecker(),
                new InconsistentOffsetsChecker(), new NonMonotonicPollChecker(), new PollSkipChecker(),
                new UnexpectedChecker(), new AbortedReadChecker(), new LostAdminChangeChecker(),
                new ProducerOrderChecker(), new GroupLostChecker(), new CommitBackwardsChecker(),
                new GroupSkipChecker());
    }

    /**
     * Runs every history checker, then split-brain over {@code replicaLogs} unless it is {@code null}.
     * A checker that throws (over a malformed history, say) does not stop the others: its result is
     * invalid, with one anomaly whose example is the error.
     */
    public static List<CheckResult> run(List<Op> history, ReplicaLogs replicaLogs) {
        List<CheckResult> results = new ArrayList<>();
        for (Checker checker : all()) {
            results.add(guarded(checker.name(), () -> checker.check(history)));
        }
        if (replicaLogs != null) {
            SplitBrainChecker splitBrain = new SplitBrainChecker();
            results.add(guarded(splitBrain.name(), () -> splitBrain.check(replicaLogs)));
        }
        return List.copyOf(results);
    }

    /** True when every result is valid. */
    public static boolean allValid(List<CheckResult> results) {
        return results.stream().allMatch(CheckResult::valid);
    }

    private static CheckResult guarded(String name, Supplier<CheckResult> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return new CheckResult(name, false, 1, List.of("checker failed: " + e));
        }
    }
}
