package io.brook.benchmarks.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventAnalysisTest {

    /** Members 0 and 1 own partitions {0,1} and {2,3}; every partition delivers one record each 100 ms until {@code untilMs}. */
    private static Timeline twoMembers(long untilMs, int skipPartition, long skipFromMs) {
        Timeline tl = new Timeline(4);
        tl.join(0, 0);
        tl.join(1, 0);
        tl.assigned(0, 0, List.of(0, 1));
        tl.assigned(1, 0, List.of(2, 3));
        for (long t = 0; t < untilMs; t += 100) {
            for (int p = 0; p < 4; p++) {
                if (p != skipPartition || t < skipFromMs) {
                    tl.delivered(p < 2 ? 0 : 1, t, p, 1, t - 10);
                }
            }
        }
        return tl;
    }

    @Test
    void joinTimesTheMovedPartitionUntilItsNewOwnerDelivers() {
        // given: partition 1 stops at member 0 when member 2 joins at 1000, and member 2 gets it at 1500
        Timeline tl = twoMembers(3000, 1, 1000);
        int[] before = tl.owners();
        tl.join(2, 1000);
        tl.revoked(0, 1200, List.of(1), false);
        tl.assigned(2, 1500, List.of(1));
        tl.delivered(2, 1700, 1, 5, 1100);
        tl.delivered(2, 1800, 1, 1, 1790);

        // when
        Map<String, Double> m = EventAnalysis.analyse(tl, before, tl.owners(), 2, 1000, 1000);

        // then
        assertThat(m).containsEntry("assigned_ms", 500.0).containsEntry("consuming_ms", 700.0)
                .containsEntry("moved", 1.0).containsEntry("nonmoving_partitions", 3.0)
                .containsEntry("unrecovered_partitions", 0.0);
        assertThat(m.get("nonmoving_lost_pct")).isBetween(-1.0, 1.0);
        assertThat(m).containsEntry("nonmoving_window_max_delay_ms", 10.0);
    }

    @Test
    void aStalledNonMovingPartitionShowsAsLossAndDelay() {
        // given: member 1 leaves at 1000; its partitions go to member 0 at 1400, and member 0 also stops
        // delivering partition 0 from 1000 until 1500
        Timeline tl = twoMembers(1000, -1, 0);
        int[] before = tl.owners();
        tl.depart(1, 1000);
        for (long t = 1000; t < 3000; t += 100) {
            tl.delivered(0, t, 1, 1, t - 10);
            if (t >= 1500) {
                tl.delivered(0, t, 0, 1, t == 1500 ? 1000 : t - 10);
            }
        }
        tl.assigned(0, 1400, List.of(2, 3));
        tl.delivered(0, 1450, 2, 1, 1440);
        tl.delivered(0, 1460, 3, 1, 1450);

        // when
        Map<String, Double> m = EventAnalysis.analyse(tl, before, tl.owners(), 1, 1000, 1000);

        // then: partition 0 is the last to deliver again (1500), 2 partitions moved, and in [1000, 1500)
        // the non-moving partitions 0 and 1 delivered half their rate before
        assertThat(m).containsEntry("assigned_ms", 400.0).containsEntry("consuming_ms", 500.0)
                .containsEntry("moved", 2.0).containsEntry("nonmoving_partitions", 2.0)
                .containsEntry("nonmoving_window_max_delay_ms", 500.0);
        assertThat(m).containsEntry("nonmoving_lost_pct", 50.0);
    }
}
