package io.brook.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckStallsTest {

    private static final long MS = 1_000_000L;

    @Test
    void the_longest_gap_between_acknowledgements_of_a_partition_counts_from_the_first_fault() {
        // given: partition 0 acknowledged at 100 ms, then (after the fault at 1 s) at 1.2 s, 3.0 s and 3.1 s
        List<Op> history = new HistoryBuilder()
                .at(100 * MS).sendOk(1, "a", 0, 0)
                .at(1_200 * MS).sendOk(1, "b", 0, 1)
                .at(3_000 * MS).sendOk(1, "c", 0, 2)
                .at(3_100 * MS).sendOk(1, "d", 0, 3)
                .build();
        // when
        AckStalls stalls = AckStalls.of(history, 1_000 * MS);
        // then: 1.201 s to 3.001 s (each ack completes 1 ms after its invoke); the time before the fault does not count
        assertThat(stalls.partitions()).containsExactly(new AckStalls.Stall(0, 1_800 * MS, 1_201 * MS, 3));
    }

    @Test
    void a_partition_that_stops_being_acknowledged_stalls_until_the_end_of_the_load() {
        // given: partition 1 acknowledged once at 0.5 s, partition 0 until 4 s
        List<Op> history = new HistoryBuilder()
                .at(500 * MS).sendOk(1, "a", 1, 0)
                .at(1_000 * MS).sendOk(2, "b", 0, 0)
                .at(4_000 * MS).sendOk(2, "c", 0, 1)
                .sendFail(1, "e")
                .build();
        // when
        AckStalls stalls = AckStalls.of(history, 0);
        // then
        assertThat(stalls.partitions()).extracting(AckStalls.Stall::longestNanos).containsExactly(3_000 * MS, 3_500 * MS);
        assertThat(stalls.longestNanos()).isEqualTo(3_500 * MS);
    }

    @Test
    void stalls_are_measured_from_the_first_fault_window() {
        assertThat(AckStalls.from(List.of(new FaultWindow("x", 7, 9), new FaultWindow("y", 3, 4)))).isEqualTo(3);
        assertThat(AckStalls.from(List.of())).isZero();
    }
}
