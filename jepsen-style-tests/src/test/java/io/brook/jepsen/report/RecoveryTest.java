package io.brook.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final long MS = 1_000_000L;

    @Test
    void recovery_is_the_time_from_heal_to_the_first_ok_send_completing_after_it() {
        // given: healed at 2 s; a send in flight across the heal succeeds at 2.3 s, another at 2.6 s
        List<Op> history = new HistoryBuilder()
                .at(1_000 * MS).sendOk(1, "before", 0, 0)
                .at(1_900 * MS).sendInvoke(1, "across").at(2_300 * MS).sendAck(1, "across", 0, 1)
                .at(2_600 * MS).sendOk(2, "after", 0, 2)
                .build();
        // when
        long[] recovery = Recovery.afterHeal(history, List.of(new FaultWindow("partition", 500 * MS, 2_000 * MS)));
        // then
        assertThat(recovery).containsExactly(300 * MS);
    }

    @Test
    void recovery_is_unknown_when_no_send_succeeded_after_the_heal() {
        // given
        List<Op> history = new HistoryBuilder().at(3_000 * MS).sendFail(1, "a").build();
        // when
        long[] recovery = Recovery.afterHeal(history, List.of(new FaultWindow("kill", 0, 2_000 * MS)));
        // then
        assertThat(recovery).containsExactly(-1);
    }
}
