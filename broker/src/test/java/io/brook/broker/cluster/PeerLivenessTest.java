package io.brook.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A peer is live while heard from within the window, as worked out at the last {@link PeerLiveness#advance}. */
class PeerLivenessTest {

    private long clock;
    private final PeerLiveness liveness = new PeerLiveness(() -> clock, 1_000);

    @Test
    void aPeerIsLiveWithinTheWindowOfTheLastAdvance() {
        assertThat(liveness.isLive(2)).as("never heard from").isFalse();

        clock = 5_000;
        liveness.heard(2);
        clock = 5_999;
        liveness.advance();
        assertThat(liveness.isLive(2)).isTrue();

        clock = 6_000;
        assertThat(liveness.isLive(2)).as("until the next advance, the last reading counts").isTrue();
        liveness.advance();
        assertThat(liveness.isLive(2)).as("silent for the window").isFalse();
        assertThat(liveness.isLive(3)).isFalse();
    }

    @Test
    void aPeerHeardAfterTheLastAdvanceIsLiveFromTheNext() {
        clock = 10_000;
        liveness.advance();
        clock = 10_050;
        liveness.heard(2);
        assertThat(liveness.isLive(2)).isFalse();

        liveness.advance();

        assertThat(liveness.isLive(2)).isTrue();
    }

    @Test
    void advanceSaysWhetherAnyPeersLivenessChanged() {
        clock = 1_000;
        liveness.heard(2);
        assertThat(liveness.advance()).as("2 became live").isTrue();
        clock = 1_500;
        liveness.heard(3);
        assertThat(liveness.advance()).as("3 became live").isTrue();
        clock = 1_900;
        liveness.heard(3);
        assertThat(liveness.advance()).as("both still live").isFalse();
        clock = 2_000;
        assertThat(liveness.advance()).as("2 fell silent").isTrue();
        assertThat(liveness.advance()).isFalse();
    }

    @Test
    void largeBrokerIdsWorkToo() {
        liveness.heard(1_000_000);
        liveness.heard(-1);
        liveness.advance();

        assertThat(liveness.isLive(1_000_000)).isTrue();
        assertThat(liveness.isLive(-1)).isTrue();
        assertThat(liveness.isLive(999_999)).isFalse();
    }
}
