package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbortedReadCheckerTest {

    private final AbortedReadChecker checker = new AbortedReadChecker();

    @Test
    void reading_a_value_whose_send_failed_is_an_aborted_read() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendFail(1, "b")
                .poll(2, r(0, 1, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("aborted-read");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly(
                "b read at p0@1 by process 2's poll (op 3), but its send failed (op 1: rejected)");
    }

    @Test
    void an_aborted_value_counts_once_however_often_it_is_read() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendFail(1, "b")
                .poll(2, r(0, 1, "b"))
                .finalRead(r(0, 1, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
    }

    @Test
    void values_of_sends_with_unknown_outcome_may_be_read() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInfo(1, "i")
                .sendInvoke(3, "open")
                .finalRead(r(0, 0, "i"), r(0, 1, "open"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }
}
