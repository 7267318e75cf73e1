package io.brook.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupLostCheckerTest {

    private final GroupLostChecker checker = new GroupLostChecker();

    @Test
    void a_group_that_consumed_every_acknowledged_value_is_valid() {
        // when
        CheckResult result = checker.check(GroupRun.correct());
        // then
        assertThat(result.name()).isEqualTo("group-lost");
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_value_no_member_consumed_is_group_lost() {
        // given: v7 removed from member 21's poll
        List<Op> history = new ArrayList<>();
        for (Op op : GroupRun.correct()) {
            history.add(op.isOkGroupPoll() ? Mutations.withRecords(op,
                    op.records().stream().filter(r -> !"v7".equals(r.value())).toList()) : op);
        }
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("v7 acknowledged at p0@7 (op 15) was never consumed by the group");
    }

    @Test
    void a_commit_ahead_of_consumption_loses_what_it_jumped_over_when_the_partition_moves() {
        // given: member 20 read 0..3 but committed 8; member 21 resumes there
        List<Op> history = GroupRun.killAndRestart(8, 8);
        // when
        CheckResult lost = checker.check(history);
        CheckResult skip = new GroupSkipChecker().check(history);
        // then: the group lost v6 and v7 (member 20 read 4 and 5 before it was killed); no member skipped
        // past the commit it started from, which the history records honestly
        assertThat(lost.anomalies()).isEqualTo(2);
        assertThat(lost.examples()).allMatch(e -> e.startsWith("v6 ") || e.startsWith("v7 "));
        assertThat(skip.valid()).isTrue();
    }

    @Test
    void a_history_without_a_group_is_vacuously_valid() {
        // given: sends nobody consumed in a group
        List<Op> history = GroupRun.sends().finalRead(GroupRun.reads(0, 9)).build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }

    @Test
    void reads_outside_the_group_do_not_count() {
        // given: v0 read by an assign-mode poller and the final read only
        List<Op> history = new HistoryBuilder().sendOk(0, "v0", 0, 0).poll(5, GroupRun.reads(0, 0))
                .groupPoll(20, List.of(0)).finalRead(GroupRun.reads(0, 0)).build();
        // when / then
        assertThat(checker.check(history).anomalies()).isEqualTo(1);
    }
}
