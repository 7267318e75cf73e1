package io.brook.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    private static long count(String svg, String regex) {
        return Pattern.compile(regex).matcher(svg).results().count();
    }

    @Test
    void missing_values_split_a_series_and_a_lone_value_is_a_dot() {
        // given
        double[] values = {1, 2, Double.NaN, 4, 5, 6, Double.NaN, 8};
        // when
        String svg = new SvgChart("t", "y", false, values.length, List.of()).add("s", "#000", values).render();
        // then
        assertThat(count(svg, "<polyline ")).isEqualTo(2);
        assertThat(count(svg, "<circle ")).isEqualTo(1);
    }

    @Test
    void a_log_axis_is_labelled_with_powers_of_ten() {
        // given
        double[] latencies = {2, 40, 7_000};
        // when
        String svg = new SvgChart("t", "ms", true, latencies.length, List.of()).add("p99", "#000", latencies).render();
        // then
        assertThat(svg).contains(">1</text>", ">10</text>", ">100</text>", ">1000</text>", ">10k</text>");
    }

    @Test
    void text_is_escaped() {
        // when
        String svg = new SvgChart("a<b", "y", false, 1, List.of(new FaultWindow("x&y", 0, 1))).render();
        // then
        assertThat(svg).contains("a&lt;b", "x&amp;y").doesNotContain("a<b", "x&y");
    }
}
