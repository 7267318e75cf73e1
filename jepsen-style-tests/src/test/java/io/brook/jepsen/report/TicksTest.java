package io.brook.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicksTest {

    @Test
    void linear_ticks_fall_on_round_steps_up_to_a_round_maximum() {
        // when
        double step = Ticks.step(97, 5);
        double max = Ticks.ceil(97, step);
        // then
        assertThat(step).isEqualTo(20);
        assertThat(Ticks.linear(max, step)).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
    }

    @Test
    void log_ticks_are_the_powers_of_ten_around_the_range() {
        // when / then
        assertThat(Ticks.powersOfTen(0.5, 3000)).containsExactly(0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0);
    }

    @Test
    void labels_are_short() {
        // when / then
        assertThat(Ticks.label(3)).isEqualTo("3");
        assertThat(Ticks.label(0.25)).isEqualTo("0.25");
        assertThat(Ticks.label(20_000)).isEqualTo("20k");
        assertThat(Ticks.label(1_500_000)).isEqualTo("1.5M");
        assertThat(Ticks.label(1_000)).isEqualTo("1000");
    }
}
