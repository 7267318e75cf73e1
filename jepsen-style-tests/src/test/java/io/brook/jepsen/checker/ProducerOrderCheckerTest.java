package io.brook.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerOrderCheckerTest {

    private final ProducerOrderChecker checker = new ProducerOrderChecker();

    @Test
    void sends_acknowledged_at_offsets_that_grow_in_call_order_are_valid() {
        // given: producer 0 has three sends open at once (processes 0-2); they complete out of call order
        List<Op> history = new HistoryBuilder()
                .sendInvoke(0, "w0-0", 0, 0)
                .sendInvoke(1, "w0-1", 0, 1)
                .sendInvoke(2, "w0-2", 0, 2)
                .sendAck(2, "w0-2", 0, 9)
                .sendAck(0, "w0-0", 0, 4)
                .sendAck(1, "w0-1", 0, 7)
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("producer-order");
        assertThat(result.valid()).isTrue();
        assertThat(result.anomalies()).isZero();
    }

    @Test
    void two_sends_acknowledged_at_decreasing_offsets_are_an_anomaly_naming_both() {
        // given: w0-0 was called first but written after w0-1 (a retried batch)
        List<Op> history = new HistoryBuilder()
                .sendInvoke(0, "w0-0", 0, 0)
                .sendInvoke(1, "w0-1", 0, 1)
                .sendAck(1, "w0-1", 2, 10)
                .sendAck(0, "w0-0", 2, 11)
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("w0-0 (producer 0, call 0, op 3) was acknowledged at p2@11, "
                + "not below w0-1 (producer 0, call 1, op 2), called later, at p2@10");
    }

    @Test
    void a_send_overtaken_by_many_later_ones_counts_once_naming_the_lowest_placed() {
        // given: w0-0's batch was retried after three later sends were written
        HistoryBuilder builder = new HistoryBuilder().sendInvoke(0, "w0-0", 0, 0);
        for (int i = 1; i <= 3; i++) {
            builder.sendInvoke(i, "w0-" + i, 0, i).sendAck(i, "w0-" + i, 0, 100 + i);
        }
        List<Op> history = builder.sendAck(0, "w0-0", 0, 104).build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).singleElement().asString()
                .startsWith("w0-0 (producer 0, call 0, op 7) was acknowledged at p0@104, not below w0-1")
                .endsWith("at p0@101");
    }

    @Test
    void two_sends_acknowledged_at_the_same_offset_are_out_of_order() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInvoke(0, "a", 0, 0).sendAck(0, "a", 0, 5)
                .sendInvoke(0, "b", 0, 1).sendAck(0, "b", 0, 5)
                .build();
        // when / then
        assertThat(checker.check(history).anomalies()).isEqualTo(1);
    }

    @Test
    void different_producers_and_different_partitions_are_not_compared() {
        // given: producer 1's later call lands below producer 0's; producer 0's later call lands lower in another partition
        List<Op> history = new HistoryBuilder()
                .sendInvoke(0, "w0-0", 0, 0).sendAck(0, "w0-0", 0, 8)
                .sendInvoke(1, "w1-0", 1, 0).sendAck(1, "w1-0", 0, 3)
                .sendInvoke(0, "w0-1", 0, 1).sendAck(0, "w0-1", 1, 2)
                .build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }

    @Test
    void sends_not_acknowledged_or_naming_no_producer_are_left_out() {
        // given: an info send of the same producer (it may be anywhere), and sends of a version-1 history
        List<Op> history = new HistoryBuilder()
                .sendInvoke(0, "w0-0", 0, 0).sendAck(0, "w0-0", 0, 8)
                .sendInvoke(0, "w0-1", 0, 1).add(Op.Type.INFO, Op.SEND, 0, "w0-1", -1, -1, List.of(), "timeout")
                .sendOk(5, "old-1", 0, 9)
                .sendOk(5, "old-2", 0, 1)
                .build();
        // when / then
        assertThat(checker.check(history).valid()).isTrue();
    }

    @Test
    void two_sends_claiming_the_same_call_of_one_producer_are_a_malformed_history() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInvoke(0, "a", 0, 3).sendAck(0, "a", 0, 1)
                .sendInvoke(0, "b", 0, 3).sendAck(0, "b", 0, 2)
                .build();
        // when
        CheckResult result = Checkers.run(history, null).stream()
                .filter(r -> r.name().equals(ProducerOrderChecker.NAME)).findFirst().orElseThrow();
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.examples()).singleElement().asString().contains("are both call 3 of producer 0");
    }
}
