package io.brook.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulated runs ({@link SimulatedRun}): every checker accepts a correct history, and each kind
 * of damage ({@link Mutations}) is flagged by exactly the checkers meant to flag it, with an example
 * naming the victim. Seeds are printed; {@code -Dbrook.seed=N} replays one.
 */
class RandomHistoryTest {

    private static final int SEEDS = 40;

    private final AtomicInteger applied = new AtomicInteger();

    private static SimulatedRun run(Random random) {
        return SimulatedRun.random(random, 1_000 + random.nextInt(3_000));
    }

    private static Map<String, CheckResult> failing(List<Op> history, ReplicaLogs logs) {
        Map<String, CheckResult> failing = new LinkedHashMap<>();
        for (CheckResult result : Checkers.run(history, logs)) {
            if (!result.valid()) {
                failing.put(result.name(), result);
            }
        }
        return failing;
    }

    private void expectFlagged(Mutations mutation, Set<String> checkers) {
        if (mutation == null) {
            return;
        }
        applied.incrementAndGet();
        Map<String, CheckResult> failing = failing(mutation.history(), null);
        assertThat(failing.keySet()).as("checkers flagging damage to %s", mutation.victim())
                .containsExactlyInAnyOrderElementsOf(checkers);
        for (CheckResult result : failing.values()) {
            assertThat(result.anomalies()).as(result.toString()).isEqualTo(1);
            assertThat(result.examples()).singleElement().asString().contains(mutation.victim());
        }
    }

    @AfterEach
    void some_seed_applied_the_mutation() {
        assertThat(applied.get()).as("seeds where the damage could be done").isPositive();
    }

    @Test
    void every_checker_accepts_a_correct_history() {
        Seeds.forEach("correct history", SEEDS, (seed, random) -> {
            // given
            SimulatedRun run = run(random);
            // when
            Map<String, CheckResult> failing = failing(run.history(), run.replicaLogs());
            // then
            assertThat(failing).isEmpty();
            applied.incrementAndGet();
        });
    }

    @Test
    void a_value_dropped_from_every_read_is_lost_unseen_and_missing_at_the_end() {
        Seeds.forEach("drop everywhere", SEEDS, (seed, random) -> expectFlagged(
                Mutations.dropEverywhere(run(random).history(), random), Set.of("lost-write", "unseen", "missing-at-end")));
    }

    @Test
    void a_record_dropped_from_one_poll_is_a_poll_skip() {
        Seeds.forEach("drop from one poll", SEEDS, (seed, random) -> expectFlagged(
                Mutations.dropFromOnePoll(run(random).history(), random), Set.of("poll-skip")));
    }

    @Test
    void a_record_copied_to_another_offset_is_a_duplicate() {
        Seeds.forEach("copy to another offset", SEEDS, (seed, random) -> expectFlagged(
                Mutations.copyToAnotherOffset(run(random).history(), random), Set.of("duplicate")));
    }

    @Test
    void a_polled_value_changed_to_one_never_sent_is_inconsistent_and_unexpected() {
        Seeds.forEach("change to unsent", SEEDS, (seed, random) -> expectFlagged(
                Mutations.changePolledValue(run(random).history(), random, "never-sent"),
                Set.of("inconsistent-offsets", "unexpected")));
    }

    @Test
    void a_polled_value_changed_to_a_failed_send_is_an_aborted_read() {
        Seeds.forEach("change to failed", SEEDS, (seed, random) -> {
            List<Op> history = run(random).history();
            String failed = Mutations.failedValue(history, random);
            if (failed != null) {
                expectFlagged(Mutations.changePolledValue(history, random, failed),
                        Set.of("aborted-read", "inconsistent-offsets"));
            }
        });
    }

    @Test
    void two_polled_records_swapped_are_nonmonotonic() {
        Seeds.forEach("swap", SEEDS, (seed, random) -> {
            // given
            Mutations mutation = Mutations.swapInOnePoll(run(random).history(), random);
            if (mutation == null) {
                return;
            }
            applied.incrementAndGet();
            // when
            CheckResult result = new NonMonotonicPollChecker().check(mutation.history());
            // then
            assertThat(result.anomalies()).isEqualTo(1);
            assertThat(result.examples()).singleElement().asString().endsWith("after " + mutation.victim());
        });
    }

    @Test
    void a_committed_value_changed_in_one_replica_is_a_split_brain() {
        Seeds.forEach("replica value", SEEDS, (seed, random) -> {
            // given: broker 1's value changed at an offset another replica also holds
            ReplicaLogs logs = run(random).replicaLogs();
            int p = random.nextInt(logs.logs().size());
            List<ReplicaLogs.Entry> full = new ArrayList<>(logs.logs().get(p).get(1));
            List<Integer> shared = sharedIndexes(logs, p, full, 0);
            if (shared.isEmpty()) {
                return;
            }
            applied.incrementAndGet();
            int i = shared.get(random.nextInt(shared.size()));
            long offset = full.get(i).offset();
            full.set(i, new ReplicaLogs.Entry(offset, "forged"));
            // when
            CheckResult result = new SplitBrainChecker().check(withReplica(logs, p, 1, full));
            // then
            assertThat(result.anomalies()).isEqualTo(1);
            assertThat(result.examples()).singleElement().asString().startsWith("p" + p + "@" + offset + ": broker 1 holds forged");
        });
    }

    @Test
    void a_committed_record_missing_inside_a_replica_is_a_split_brain() {
        Seeds.forEach("replica hole", SEEDS, (seed, random) -> {
            // given: broker 1 loses a record, not its first or last, that another replica holds
            ReplicaLogs logs = run(random).replicaLogs();
            int p = random.nextInt(logs.logs().size());
            List<ReplicaLogs.Entry> full = new ArrayList<>(logs.logs().get(p).get(1));
            List<Integer> shared = sharedIndexes(logs, p, full, 1);
            if (shared.isEmpty()) {
                return;
            }
            applied.incrementAndGet();
            ReplicaLogs.Entry removed = full.remove((int) shared.get(random.nextInt(shared.size())));
            // when
            CheckResult result = new SplitBrainChecker().check(withReplica(logs, p, 1, full));
            // then
            assertThat(result.examples()).singleElement().asString()
                    .startsWith("broker 1 lacks p" + p + "@" + removed.offset() + " (" + removed.value() + ",");
        });
    }

    /** Indexes into {@code full}, {@code margin} away from its ends, of offsets broker 2 or 3 holds below the commit end. */
    private static List<Integer> sharedIndexes(ReplicaLogs logs, int p, List<ReplicaLogs.Entry> full, int margin) {
        Set<Long> others = new TreeSet<>();
        long commitEnd = logs.commitEnd().get(p);
        for (int broker : List.of(2, 3)) {
            logs.logs().get(p).get(broker).stream().filter(e -> e.offset() < commitEnd)
                    .forEach(e -> others.add(e.offset()));
        }
        List<Integer> shared = new ArrayList<>();
        for (int i = margin; i < full.size() - margin; i++) {
            if (others.contains(full.get(i).offset())) {
                shared.add(i);
            }
        }
        return shared;
    }

    private static ReplicaLogs withReplica(ReplicaLogs logs, int partition, int broker, List<ReplicaLogs.Entry> log) {
        Map<Integer, Map<Integer, List<ReplicaLogs.Entry>>> all = new LinkedHashMap<>(logs.logs());
        Map<Integer, List<ReplicaLogs.Entry>> replicas = new LinkedHashMap<>(all.get(partition));
        replicas.put(broker, log);
        all.put(partition, replicas);
        return new ReplicaLogs(all, logs.commitEnd());
    }
}
