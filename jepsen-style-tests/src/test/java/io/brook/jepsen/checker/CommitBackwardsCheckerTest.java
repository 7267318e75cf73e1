package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.o;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitBackwardsCheckerTest {

    private final CommitBackwardsChecker checker = new CommitBackwardsChecker();

    @Test
    void commits_that_only_go_up_are_valid() {
        // when
        CheckResult result = checker.check(GroupRun.correct());
        // then
        assertThat(result.name()).isEqualTo("commit-backwards");
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_lower_commit_invoked_after_a_higher_one_completed_goes_backwards() {
        // given: the correct run's member 21 commits 3 after its commit of 10
        List<Op> history = new HistoryBuilder().commit(Op.Type.OK, 20, o(0, 4))
                .commit(Op.Type.OK, 21, o(0, 10), o(1, 2)).commit(Op.Type.OK, 21, o(0, 3), o(1, 2)).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.examples()).containsExactly("after: commit of p0@3 by process 21 (op 4, ok at op 5) is below "
                + "p0@10 committed by process 21 (ok at op 3)");
    }

    @Test
    void overlapping_commits_of_two_members_completing_out_of_order_are_concurrent_anomalies() {
        // given: 20 commits 10 while 21 commits 6; 20's completes first
        List<Op> history = new HistoryBuilder().commitInvoke(20, o(0, 10)).commitInvoke(21, o(0, 6))
                .commitComplete(Op.Type.OK, 20, o(0, 10)).commitComplete(Op.Type.OK, 21, o(0, 6)).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples().get(0)).startsWith("concurrent: commit of p0@6 by process 21")
                .endsWith("which was still open when it was invoked");
    }

    @Test
    void an_explicit_reset_lets_the_commit_go_back() {
        // given
        List<Op> history = new HistoryBuilder().commit(Op.Type.OK, 20, o(0, 10)).reset(o(0, 0))
                .commit(Op.Type.OK, 21, o(0, 2)).build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }

    @Test
    void a_reset_of_another_partition_does_not() {
        // given
        List<Op> history = new HistoryBuilder().commit(Op.Type.OK, 20, o(0, 10)).reset(o(1, 0))
                .commit(Op.Type.OK, 21, o(0, 2)).build();
        // when / then
        assertThat(checker.check(history).anomalies()).isEqualTo(1);
    }

    @Test
    void refused_and_unknown_commits_are_not_in_the_sequence() {
        // given: a refused 10 and an unknown 12 before an ok 4
        List<Op> history = new HistoryBuilder().commit(Op.Type.FAIL, 20, o(0, 10)).commit(Op.Type.INFO, 20, o(0, 12))
                .commit(Op.Type.OK, 21, o(0, 4)).build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }
}
