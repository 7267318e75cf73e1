package io.brook.jepsen.report;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final long MS = 1_000_000L;

    @Test
    void ok_sends_count_in_the_second_they_completed() {
        // given: one send invoked at 0.9 s completes at 2.1 s; one fails
        List<Op> history = new HistoryBuilder()
                .at(900 * MS).sendInvoke(1, "a").at(2_100 * MS).sendAck(1, "a", 0, 0)
                .at(2_200 * MS).sendFail(1, "b")
                .build();
        // when
        Timeline timeline = Timeline.of(history);
        // then
        assertThat(timeline.seconds()).isEqualTo(3);
        assertThat(timeline.okSendsPerSecond()).containsExactly(0, 0, 1);
    }

    @Test
    void polled_records_count_in_the_second_the_poll_completed_and_final_reads_do_not() {
        // given
        List<Op> history = new HistoryBuilder()
                .at(500 * MS).poll(2, r(0, 0, "a"), r(0, 1, "b"))
                .at(1_500 * MS).poll(2, r(0, 2, "c"))
                .at(1_600 * MS).finalRead(r(0, 0, "a"), r(0, 1, "b"), r(0, 2, "c"))
                .build();
        // when
        Timeline timeline = Timeline.of(history);
        // then
        assertThat(timeline.polledRecordsPerSecond()).containsExactly(2, 1);
    }

    @Test
    void latency_quantiles_are_nearest_rank_over_the_ok_sends_invoked_in_each_second() {
        // given: 100 sends invoked in second 0 taking 1..100 ms, each by its own process
        HistoryBuilder h = new HistoryBuilder();
        for (int i = 1; i <= 100; i++) {
            h.at(i * MS).sendInvoke(i, "v" + i).at(i * MS + i * MS).sendAck(i, "v" + i, 0, i);
        }
        // when
        Timeline timeline = Timeline.of(h.build());
        // then
        assertThat(timeline.p50Millis()[0]).isEqualTo(50.0);
        assertThat(timeline.p99Millis()[0]).isEqualTo(99.0);
    }

    @Test
    void a_slow_send_counts_its_latency_in_the_second_it_was_invoked() {
        // given
        List<Op> history = new HistoryBuilder().at(1_200 * MS).sendInvoke(1, "a").at(3_700 * MS).sendAck(1, "a", 0, 0).build();
        // when
        Timeline timeline = Timeline.of(history);
        // then
        assertThat(timeline.p99Millis()).containsExactly(Double.NaN, 2_500.0, Double.NaN, Double.NaN);
    }
}
