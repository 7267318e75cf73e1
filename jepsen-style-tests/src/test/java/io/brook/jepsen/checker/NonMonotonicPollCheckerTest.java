package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonMonotonicPollCheckerTest {

    private final NonMonotonicPollChecker checker = new NonMonotonicPollChecker();

    @Test
    void a_later_poll_going_back_in_a_partition_is_nonmonotonic() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"), r(0, 5, "b"))
                .poll(2, r(0, 3, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("nonmonotonic-poll");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("process 2's poll (op 3) read p0@3 (c) after p0@5");
    }

    @Test
    void going_back_within_one_poll_is_nonmonotonic() {
        // given
        List<Op> history = new HistoryBuilder().poll(2, r(1, 8, "a"), r(1, 6, "b")).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("process 2's poll (op 1) read p1@6 (b) after p1@8");
    }

    @Test
    void reading_the_same_offset_again_is_nonmonotonic() {
        // given
        List<Op> history = new HistoryBuilder().poll(2, r(0, 4, "a")).poll(2, r(0, 4, "a")).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
    }

    @Test
    void one_backward_step_counts_once() {
        // given: 5, 6, 7, then 3, 4
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 5, "a"), r(0, 6, "b"), r(0, 7, "c"))
                .poll(2, r(0, 3, "d"), r(0, 4, "e"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
    }

    @Test
    void a_seek_in_the_partition_restarts_the_comparison() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"), r(0, 5, "b"))
                .seek(2, 0, 0)
                .poll(2, r(0, 0, "z"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_seek_in_another_partition_does_not() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 5, "b"))
                .seek(2, 1, 0)
                .poll(2, r(0, 1, "z"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
    }

    @Test
    void a_seek_naming_no_partition_restarts_every_partition() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 5, "b"), r(1, 5, "c"))
                .seek(2, -1, -1)
                .poll(2, r(0, 1, "y"), r(1, 1, "z"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void processes_and_partitions_are_compared_separately() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 5, "b"))
                .poll(3, r(0, 1, "a"))
                .poll(2, r(1, 0, "x"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void offset_gaps_are_clean() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 0, "a"), r(0, 2, "b"))
                .poll(2, r(0, 7, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_final_read_going_back_within_itself_is_nonmonotonic() {
        // given
        List<Op> history = new HistoryBuilder().finalRead(r(0, 0, "a"), r(0, 2, "b"), r(0, 1, "c")).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("the final read (op 1) read p0@1 (c) after p0@2");
    }

    @Test
    void consecutive_final_reads_may_start_again() {
        // given
        List<Op> history = new HistoryBuilder()
                .finalRead(r(0, 0, "a"), r(0, 2, "b"))
                .finalRead(r(0, 0, "a"), r(0, 2, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }
}
