package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissingAtEndCheckerTest {

    private final MissingAtEndChecker checker = new MissingAtEndChecker();

    @Test
    void a_value_polled_during_the_run_but_gone_at_the_end_is_missing() {
        // given: a power loss took p0 after a poll had read it; the log came back empty
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 1)
                .poll(2, r(0, 0, "a"), r(0, 1, "b"))
                .finalRead(r(0, 0, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then: lost-write and unseen let this pass, since a poll saw b
        assertThat(result.name()).isEqualTo("missing-at-end");
        assertThat(result.examples()).containsExactly(
                "b acknowledged at p0@1 (op 3) is not in the final read (it returned 1 records of p0)");
        assertThat(new LostWriteChecker().check(history).valid()).isTrue();
        assertThat(new UnseenChecker().check(history).valid()).isTrue();
    }

    @Test
    void without_a_final_read_every_acknowledged_value_is_missing() {
        // given: the final read failed (the topic was gone)
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 1, 0)
                .poll(2, r(0, 0, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(2);
    }

    @Test
    void unacknowledged_sends_need_not_be_there() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendInfo(1, "i")
                .sendFail(1, "f")
                .finalRead(r(0, 0, "a"))
                .build();
        // then
        assertThat(checker.check(history).valid()).isTrue();
    }
}
