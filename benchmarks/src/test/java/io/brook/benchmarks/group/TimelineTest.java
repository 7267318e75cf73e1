package io.brook.benchmarks.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void settledOnlyWhenOwnedOnceBalancedQuietAndConsumed() {
        Timeline tl = new Timeline(4);
        tl.join(0, 0);
        tl.join(1, 0);
        tl.assigned(0, 100, List.of(0, 1, 2));
        assertThat(tl.unsettled(0, 500, 1000)).contains("unowned");

        tl.assigned(1, 200, List.of(2, 3));
        assertThat(tl.unsettled(0, 500, 1000)).contains("owned twice");

        tl.revoked(0, 300, List.of(2), false);
        assertThat(tl.unsettled(0, 500, 600)).contains("changed");
        assertThat(tl.unsettled(0, 500, 1000)).contains("not consumed");

        for (int p = 0; p < 4; p++) {
            tl.delivered(p < 2 ? 0 : 1, 900, p, 1, 890);
        }
        assertThat(tl.unsettled(0, 500, 1000)).isNull();
    }

    @Test
    void aDepartedMemberOwnsNothingAndAnUnevenSplitIsNotSettled() {
        Timeline tl = new Timeline(4);
        tl.join(0, 0);
        tl.join(1, 0);
        tl.join(2, 0);
        tl.assigned(0, 0, List.of(0, 1, 2));
        tl.assigned(1, 0, List.of(3));
        tl.depart(1, 10);
        assertThat(tl.owners()).containsExactly(0, 0, 0, Timeline.NONE);

        tl.assigned(0, 20, List.of(3));
        assertThat(tl.unsettled(0, 0, 1000)).contains("unbalanced");
    }
}
