package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnexpectedCheckerTest {

    private final UnexpectedChecker checker = new UnexpectedChecker();

    @Test
    void a_value_nobody_sent_is_unexpected() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .poll(2, r(0, 0, "a"), r(0, 1, "ghost"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("unexpected");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("ghost read at p0@1 by process 2's poll (op 3) was never sent");
    }

    @Test
    void an_unexpected_value_counts_once_however_often_it_is_read() {
        // given
        List<Op> history = new HistoryBuilder()
                .poll(2, r(0, 1, "ghost"))
                .poll(3, r(0, 1, "ghost"))
                .finalRead(r(0, 1, "ghost"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
    }

    @Test
    void a_record_without_a_value_is_unexpected() {
        // given
        List<Op> history = new HistoryBuilder().finalRead(r(0, 1, null)).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("null read at p0@1 by the final read (op 1) was never sent");
    }

    @Test
    void values_of_sends_with_any_outcome_are_expected() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "ok", 0, 0)
                .sendInfo(1, "info")
                .sendFail(1, "fail")
                .sendInvoke(3, "open")
                .finalRead(r(0, 0, "ok"), r(0, 1, "info"), r(0, 2, "fail"), r(0, 3, "open"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }
}
