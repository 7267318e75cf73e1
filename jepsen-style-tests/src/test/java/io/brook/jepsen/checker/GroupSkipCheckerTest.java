package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.o;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupSkipCheckerTest {

    private final GroupSkipChecker checker = new GroupSkipChecker();

    @Test
    void a_member_that_resumes_at_the_commit_skips_nothing() {
        // when
        CheckResult result = checker.check(GroupRun.correct());
        // then
        assertThat(result.name()).isEqualTo("group-skip");
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_member_that_starts_past_the_commit_skips() {
        // given: the commit is 4 (the unknown 6 may count), member 21 first reads 8
        List<Op> history = GroupRun.killAndRestart(4, 8);
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.examples()).containsExactly("start: process 21 (op 31) started from the group's commit "
                + "(at most p0@6) and first read p0@8, skipping 2 record(s) of the final log, first p0@6");
    }

    @Test
    void resuming_at_an_unknown_commit_is_not_a_skip() {
        // given: member 21 resumes at 6, which member 20's unknown commit may have written
        List<Op> history = GroupRun.killAndRestart(4, 6);
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }

    @Test
    void a_refused_commit_does_not_move_where_a_member_may_start() {
        // given: 20's commit of 6 was refused; 21 starts at 6
        List<Op> history = GroupRun.sends()
                .groupPoll(20, List.of(0), GroupRun.reads(0, 5))
                .commit(Op.Type.OK, 20, o(0, 4)).commit(Op.Type.FAIL, 20, o(0, 6))
                .groupPoll(21, List.of(0), GroupRun.reads(6, 9))
                .finalRead(GroupRun.reads(0, 9)).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples().get(0)).startsWith("start: process 21");
    }

    @Test
    void a_gap_between_reads_of_an_owned_partition_is_a_skip() {
        // given: member 20 reads 0..3 then 6..9
        List<Op> history = GroupRun.sends()
                .groupPoll(20, List.of(0), GroupRun.reads(0, 3))
                .groupPoll(20, List.of(0), GroupRun.reads(6, 9))
                .finalRead(GroupRun.reads(0, 9)).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("next: process 20 (op 23) read p0@3 then p0@6, skipping 2 record(s) "
                + "of the final log, first p0@4");
    }

    @Test
    void a_poll_of_unknown_outcome_forgets_positions_but_not_ownership() {
        // given: the info poll may have consumed 4..5 (the consumer moved on); p0 stays assigned
        List<Op> history = GroupRun.sends()
                .groupPoll(20, List.of(0), GroupRun.reads(0, 3))
                .groupPollInfo(20)
                .groupPoll(20, List.of(0), GroupRun.reads(6, 9))
                .finalRead(GroupRun.reads(0, 9)).build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }

    @Test
    void a_partition_that_comes_back_is_a_new_start() {
        // given: 20 owns p0, loses it to 21 (which commits 8), regains it and resumes at 9
        List<Op> history = GroupRun.sends()
                .groupPoll(20, List.of(0), GroupRun.reads(0, 3)).commit(Op.Type.OK, 20, o(0, 4))
                .groupPoll(20, List.of())
                .groupPoll(21, List.of(0), GroupRun.reads(4, 7)).commit(Op.Type.OK, 21, o(0, 8))
                .groupPoll(21, List.of())
                .groupPoll(20, List.of(0), GroupRun.reads(9, 9))
                .finalRead(GroupRun.reads(0, 9)).build();
        // when
        CheckResult result = checker.check(history);
        // then: it should have resumed at 8
        assertThat(result.examples()).containsExactly("start: process 20 (op 33) started from the group's commit "
                + "(at most p0@8) and first read p0@9, skipping 1 record(s) of the final log, first p0@8");
    }

    @Test
    void offsets_the_final_log_does_not_hold_are_no_evidence() {
        // given: member 21 starts at 8 past a commit of 4, but the final read holds only 8..9
        List<Op> history = new HistoryBuilder()
                .commit(Op.Type.OK, 20, o(0, 4))
                .groupPoll(21, List.of(0), GroupRun.reads(8, 9))
                .finalRead(GroupRun.reads(8, 9)).build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }
}
