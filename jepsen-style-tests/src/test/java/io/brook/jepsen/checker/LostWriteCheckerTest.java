package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostWriteCheckerTest {

    private final LostWriteChecker checker = new LostWriteChecker();

    @Test
    void an_acknowledged_write_that_reads_went_past_is_lost() {
        // given: b acknowledged at p0@1, reads return p0@0 and p0@2 but never b
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 1)
                .sendOk(1, "c", 0, 2)
                .poll(2, r(0, 0, "a"), r(0, 2, "c"))
                .finalRead(r(0, 0, "a"), r(0, 2, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("lost-write");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly(
                "b acknowledged at p0@1 (op 3) was never read, though reads reached p0@2");
    }

    @Test
    void every_lost_value_counts_once() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 1)
                .sendOk(1, "c", 0, 2)
                .poll(2, r(0, 2, "c"))
                .poll(3, r(0, 2, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(2);
        assertThat(result.examples()).hasSize(2).allMatch(e -> e.endsWith("reads reached p0@2"));
    }

    @Test
    void an_unread_write_that_no_read_went_past_is_not_lost() {
        // given: c at the end of p0 is unread, but nothing above p0@2 was read
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "c", 0, 2)
                .finalRead(r(0, 0, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void reads_past_the_offset_in_another_partition_do_not_count() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "x", 1, 10)
                .finalRead(r(1, 10, "x"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_write_read_at_another_position_is_not_lost() {
        // given: a acknowledged at p0@0 but read at p0@3 (duplicate's business, not a loss)
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 5)
                .finalRead(r(0, 3, "a"), r(0, 5, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void failed_and_unknown_sends_that_never_appear_are_not_lost() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendFail(1, "f")
                .sendInfo(1, "i")
                .sendInvoke(3, "open")
                .sendOk(2, "a", 0, 4)
                .finalRead(r(0, 4, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void offset_gaps_from_control_batches_are_clean() {
        // given: offsets 1, 3 and 4 hold control batches nobody sees
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 2)
                .sendOk(1, "c", 0, 5)
                .poll(2, r(0, 0, "a"), r(0, 2, "b"), r(0, 5, "c"))
                .finalRead(r(0, 0, "a"), r(0, 2, "b"), r(0, 5, "c"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
        assertThat(result.anomalies()).isZero();
        assertThat(result.examples()).isEmpty();
    }

    @Test
    void an_acknowledgement_without_an_offset_cannot_be_lost() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInvoke(1, "a")
                .add(Op.Type.OK, Op.SEND, 1, "a", -1, -1, List.of(), null)
                .sendOk(1, "b", 0, 9)
                .finalRead(r(0, 9, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }
}
