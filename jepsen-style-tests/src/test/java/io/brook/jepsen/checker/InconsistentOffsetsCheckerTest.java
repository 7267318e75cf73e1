package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class InconsistentOffsetsCheckerTest {

    private final InconsistentOffsetsChecker checker = new InconsistentOffsetsChecker();

    @Test
    void two_reads_with_different_values_at_one_offset_are_inconsistent() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInfo(1, "a")
                .sendInfo(1, "b")
                .poll(2, r(0, 3, "a"))
                .poll(3, r(0, 3, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("inconsistent-offsets");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("p0@3 holds 2 values: a (read), b (read)");
    }

    @Test
    void a_read_that_disagrees_with_the_acknowledgement_is_inconsistent() {
        // given: a acknowledged at p1@5, reads show b there
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 1, 5)
                .sendInfo(1, "b")
                .finalRead(r(1, 5, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("p1@5 holds 2 values: b (read), a (acknowledged)");
    }

    @Test
    void two_acknowledgements_at_one_offset_are_inconsistent_even_unread() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 2)
                .sendOk(2, "b", 0, 2)
                .finalRead()
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("p0@2 holds 2 values: a (acknowledged), b (acknowledged)");
    }

    @Test
    void agreeing_reads_and_acknowledgements_with_offset_gaps_are_consistent() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 3)
                .sendInfo(1, "c")
                .poll(2, r(0, 0, "a"), r(0, 3, "b"))
                .finalRead(r(0, 0, "a"), r(0, 3, "b"), r(0, 9, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void each_inconsistent_offset_counts_once() {
        // given: p0@3 seen with three values by four reads and acknowledgements
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 3)
                .sendInfo(1, "b")
                .sendInfo(1, "c")
                .poll(2, r(0, 3, "b"))
                .poll(3, r(0, 3, "c"))
                .finalRead(r(0, 3, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("p0@3 holds 3 values: b (read), c (read), a (acknowledged)");
    }
}
