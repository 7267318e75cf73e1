package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnseenCheckerTest {

    private final UnseenChecker checker = new UnseenChecker();

    @Test
    void an_acknowledged_write_never_read_is_unseen_even_at_the_end_of_the_log() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 1)
                .finalRead(r(0, 0, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("unseen");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("b acknowledged at p0@1 (op 3) was never read");
    }

    @Test
    void a_value_read_only_by_the_final_read_is_seen() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .poll(2)
                .finalRead(r(0, 0, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void unknown_sends_may_appear_or_not() {
        // given: i1 appears, i2 does not
        List<Op> history = new HistoryBuilder()
                .sendInfo(1, "i1")
                .sendInfo(1, "i2")
                .finalRead(r(0, 3, "i1"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_failed_send_that_never_appears_is_not_unseen() {
        // given
        List<Op> history = new HistoryBuilder().sendFail(1, "f").finalRead().build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void an_acknowledgement_without_an_offset_is_still_checked() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInvoke(1, "a")
                .add(Op.Type.OK, Op.SEND, 1, "a", -1, -1, List.of(), null)
                .finalRead()
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("a acknowledged (op 1) was never read");
    }
}
