package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollSkipCheckerTest {

    private final PollSkipChecker checker = new PollSkipChecker();

    @Test
    void skipping_a_record_another_read_returned_is_a_poll_skip() {
        // given: process 2 reads p0@4 then p0@9; the final read shows p0@6
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"), r(0, 9, "c"))
                .finalRead(r(0, 4, "a"), r(0, 6, "b"), r(0, 9, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("poll-skip");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly(
                "process 2's poll (op 1) read p0@9 after p0@4, skipping 1 record(s) read elsewhere, first p0@6");
    }

    @Test
    void skips_are_found_across_consecutive_polls() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"))
                .poll(3, r(0, 5, "b"), r(0, 6, "c"), r(0, 7, "d"))
                .poll(2, r(0, 9, "e"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly(
                "process 2's poll (op 5) read p0@9 after p0@4, skipping 3 record(s) read elsewhere, first p0@5");
    }

    @Test
    void offsets_nobody_read_are_gaps_not_skips() {
        // given: control batches at p0@5..8
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"), r(0, 9, "c"))
                .finalRead(r(0, 4, "a"), r(0, 9, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_seek_between_two_reads_is_no_skip() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"))
                .seek(2, 0, 9)
                .poll(2, r(0, 9, "c"))
                .finalRead(r(0, 4, "a"), r(0, 6, "b"), r(0, 9, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void the_first_read_after_a_seek_must_not_skip_records_at_or_after_the_target() {
        // given: seek to p0@3, first read p0@5, while p0@3 exists
        List<Op> history = new HistoryBuilder()
                .seek(2, 0, 3)
                .poll(2, r(0, 5, "c"))
                .finalRead(r(0, 3, "a"), r(0, 5, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly(
                "process 2's poll (op 3) read p0@5 after a seek to p0@3, skipping 1 record(s) read elsewhere, first p0@3");
    }

    @Test
    void the_first_read_after_a_seek_may_be_the_target_itself() {
        // given
        List<Op> history = new HistoryBuilder()
                .seek(2, 0, 3)
                .poll(2, r(0, 3, "a"), r(0, 5, "c"))
                .finalRead(r(0, 3, "a"), r(0, 5, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_poll_with_unknown_outcome_forgets_the_position() {
        // given: the info poll may have consumed p0@6
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"))
                .pollInfo(2)
                .poll(2, r(0, 9, "c"))
                .finalRead(r(0, 4, "a"), r(0, 6, "b"), r(0, 9, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_final_read_must_not_skip_a_record_a_poll_returned() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 6, "b"))
                .finalRead(r(0, 4, "a"), r(0, 9, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly(
                "the final read (op 3) read p0@9 after p0@4, skipping 1 record(s) read elsewhere, first p0@6");
    }

    @Test
    void partitions_are_followed_separately() {
        // given: process 2 interleaves p0 and p1; p1@5 is no record of p0
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 4, "a"), r(1, 5, "x"), r(0, 9, "c"))
                .finalRead(r(0, 4, "a"), r(0, 9, "c"), r(1, 5, "x"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }
}
