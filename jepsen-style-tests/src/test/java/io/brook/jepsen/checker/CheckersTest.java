package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckersTest {

    private static final List<String> HISTORY_CHECKERS = List.of("lost-write", "unseen", "missing-at-end", "duplicate",
            "inconsistent-offsets", "nonmonotonic-poll", "poll-skip", "unexpected", "aborted-read", "lost-admin-change",
            "producer-order", "group-lost", "commit-backwards", "group-skip");

    @Test
    void all_lists_the_history_checkers_in_a_fixed_order() {
        // when
        List<String> names = Checkers.all().stream().map(Checker::name).toList();
        // then
        assertThat(names).containsExactlyElementsOf(HISTORY_CHECKERS);
    }

    @Test
    void run_reports_split_brain_last_when_replica_logs_are_given() {
        // given
        List<Op> history = new HistoryBuilder().sendOk(1, "a", 0, 0).finalRead(r(0, 0, "a")).build();
        ReplicaLogs logs = new ReplicaLogs(Map.of(0, Map.of(1, List.of(new ReplicaLogs.Entry(0, "a")))), Map.of(0, 1L));
        // when
        List<CheckResult> results = Checkers.run(history, logs);
        // then
        assertThat(results).extracting(CheckResult::name).hasSize(15).endsWith("split-brain");
        assertThat(Checkers.allValid(results)).isTrue();
    }

    @Test
    void run_without_replica_logs_has_no_split_brain_result() {
        // given
        List<Op> history = new HistoryBuilder().finalRead().build();
        // when
        List<CheckResult> results = Checkers.run(history, null);
        // then
        assertThat(results).extracting(CheckResult::name).containsExactlyElementsOf(HISTORY_CHECKERS);
    }

    @Test
    void a_checker_that_throws_yields_an_invalid_result_and_the_others_still_run() {
        // given: a value sent twice breaks the checkers that index sends by value
        List<Op> history = new HistoryBuilder().sendOk(1, "a", 0, 0).sendOk(1, "a", 0, 1).build();
        // when
        List<CheckResult> results = Checkers.run(history, null);
        // then
        CheckResult unseen = results.get(1);
        assertThat(unseen.valid()).isFalse();
        assertThat(unseen.examples()).singleElement().asString()
                .startsWith("checker failed: java.lang.IllegalArgumentException: malformed history at op 2");
        assertThat(results.get(5).name()).isEqualTo("nonmonotonic-poll");
        assertThat(results.get(5).valid()).isTrue();
    }

    @Test
    void a_result_with_more_anomalies_than_examples_keeps_the_first_twenty() {
        // given: 30 unexpected values
        HistoryBuilder builder = new HistoryBuilder();
        for (int i = 0; i < 30; i++) {
            builder.poll(2, r(0, i, "ghost-" + i));
        }
        // when
        CheckResult result = new UnexpectedChecker().check(builder.build());
        // then
        assertThat(result.anomalies()).isEqualTo(30);
        assertThat(result.examples()).hasSize(20).first().asString().startsWith("ghost-0 ");
    }
}
