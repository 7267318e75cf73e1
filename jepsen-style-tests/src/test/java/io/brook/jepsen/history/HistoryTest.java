package io.brook.jepsen.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void invocations_pair_with_the_next_completion_of_their_process() {
        // given: processes 1 and 2 interleave
        List<Op> ops = new HistoryBuilder()
                .sendInvoke(1, "a")
                .pollInvoke(2)
                .sendAck(1, "a", 0, 0)
                .add(Op.Type.OK, Op.POLL, 2, null, -1, -1, List.of(), null)
                .sendInvoke(1, "b")
                .build();
        // when
        List<History.Pair> pairs = History.pairs(ops);
        // then
        assertThat(pairs).extracting(p -> p.invoke().index(), p -> p.completion() == null ? null : p.completion().index())
                .containsExactly(tuple(0L, 2L), tuple(1L, 3L), tuple(4L, null));
    }

    @Test
    void an_invocation_open_at_the_end_counts_as_unknown() {
        // given
        List<Op> ops = new HistoryBuilder().sendInvoke(1, "a").build();
        // when
        History.Pair pair = History.pairs(ops).get(0);
        // then
        assertThat(pair.outcome()).isEqualTo(Op.Type.INFO);
        assertThat(pair.latencyNanos()).isEqualTo(-1);
    }

    @Test
    void latency_is_completion_time_minus_invocation_time() {
        // given
        List<Op> ops = new HistoryBuilder().sendInvoke(1, "a").advance(4_000_000).sendAck(1, "a", 0, 0).build();
        // when
        long latency = History.pairs(ops).get(0).latencyNanos();
        // then
        assertThat(latency).isEqualTo(5_000_000);
    }

    @Test
    void a_completion_without_an_open_invocation_is_malformed() {
        // given
        List<Op> ops = new HistoryBuilder().sendAck(1, "a", 0, 0).build();
        // when / then
        assertThatThrownBy(() -> History.pairs(ops))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed history at op 0: process 1 completes send without an open invocation");
    }

    @Test
    void a_second_invocation_while_one_is_open_is_malformed() {
        // given
        List<Op> ops = new HistoryBuilder().sendInvoke(1, "a").pollInvoke(1).build();
        // when / then
        assertThatThrownBy(() -> History.pairs(ops))
                .hasMessage("malformed history at op 1: process 1 invokes poll while its send (op 0) is open");
    }

    @Test
    void a_completion_of_another_function_is_malformed() {
        // given
        List<Op> ops = new HistoryBuilder().sendInvoke(1, "a")
                .add(Op.Type.OK, Op.POLL, 1, null, -1, -1, List.of(), null).build();
        // when / then
        assertThatThrownBy(() -> History.pairs(ops)).hasMessageContaining("completes poll but invoked send (op 0)");
    }

    @Test
    void sends_are_indexed_by_value_in_invocation_order_with_outcome_and_position() {
        // given
        List<Op> ops = new HistoryBuilder()
                .sendOk(1, "a", 2, 7)
                .sendFail(1, "b")
                .sendInfo(2, "c")
                .poll(3)
                .sendInvoke(4, "d")
                .build();
        // when
        Map<String, History.Send> sends = History.sendsByValue(ops);
        // then
        assertThat(sends.keySet()).containsExactly("a", "b", "c", "d");
        assertThat(sends.get("a").acknowledgedAtOffset()).isTrue();
        assertThat(sends.get("a").partition()).isEqualTo(2);
        assertThat(sends.get("a").offset()).isEqualTo(7);
        assertThat(sends.get("b").outcome()).isEqualTo(Op.Type.FAIL);
        assertThat(sends.get("c").outcome()).isEqualTo(Op.Type.INFO);
        assertThat(sends.get("d").outcome()).isEqualTo(Op.Type.INFO);
        assertThat(sends.get("d").offset()).isEqualTo(-1);
    }

    @Test
    void sends_are_indexed_whatever_events_of_other_functions_surround_them() {
        // given: a nemesis event logged without an invocation
        List<Op> ops = new HistoryBuilder()
                .sendInvoke(1, "a")
                .add(Op.Type.INFO, "kill-leader", -2, null, -1, -1, List.of(), "killed n1")
                .sendAck(1, "a", 0, 3)
                .build();
        // when
        Map<String, History.Send> sends = History.sendsByValue(ops);
        // then
        assertThat(sends.get("a").completion().index()).isEqualTo(2);
    }

    @Test
    void a_send_completion_without_an_open_send_is_malformed() {
        // given
        List<Op> ops = new HistoryBuilder().pollInvoke(1).sendAck(1, "a", 0, 0).build();
        // when / then
        assertThatThrownBy(() -> History.sendsByValue(ops))
                .hasMessage("malformed history at op 1: process 1 completes send without an open invocation");
    }

    @Test
    void a_value_sent_twice_is_malformed() {
        // given
        List<Op> ops = new HistoryBuilder().sendOk(1, "a", 0, 0).sendOk(2, "a", 0, 1).build();
        // when / then
        assertThatThrownBy(() -> History.sendsByValue(ops))
                .hasMessage("malformed history at op 2: value a sent again (first by op 0): values must be unique");
    }
}
