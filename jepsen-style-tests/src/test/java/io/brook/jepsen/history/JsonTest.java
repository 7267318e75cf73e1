package io.brook.jepsen.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parses_nested_objects_and_arrays_into_maps_and_lists() {
        // given
        String text = " {\"a\": [1, -2.5, \"x\", true, false, null], \"b\": {\"c\": {}}, \"d\": []} ";
        // when
        Object parsed = Json.parse(text);
        // then
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2.5, "x", true, false, null));
        expected.put("b", Map.of("c", Map.of()));
        expected.put("d", List.of());
        assertThat(parsed).isEqualTo(expected);
    }

    @Test
    void integers_beyond_a_long_parse_as_doubles() {
        // when
        Object parsed = Json.parse("12345678901234567890123");
        // then
        assertThat(parsed).isEqualTo(1.2345678901234568E22);
    }

    @Test
    void escapes_parse_into_the_characters_they_name() {
        // when
        Object parsed = Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\"");
        // then
        assertThat(parsed).isEqualTo("q\" b\\ s/ \b\f\n\r\t é \ud83d\ude00");
    }

    @Test
    void strings_round_trip_through_write_and_parse() {
        // given
        String tricky = "quote\" backslash\\ newline\n tab\t nul\u0000 unit\u001f é 😀 lone\ud800 low\udc00end";
        // when
        String written = Json.write(tricky);
        // then
        assertThat(written).doesNotContain("\n", "\u0000", "\ud800 ").contains("\\ud800", "\\udc00", "😀");
        assertThat(Json.parse(written)).isEqualTo(tricky);
    }

    @Test
    void pretty_output_parses_back_to_the_same_value() {
        // given
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "lost-write");
        value.put("window", List.of("kill", 1000L, 2000L));
        value.put("nested", List.of(Map.of("x", 1L), List.of()));
        value.put("ratio", 0.25);
        // when
        String pretty = Json.writePretty(value);
        // then
        assertThat(pretty).contains("\n  \"name\": \"lost-write\"").contains("[\"kill\", 1000, 2000]");
        assertThat(Json.parse(pretty)).isEqualTo(value);
    }

    @Test
    void non_finite_doubles_are_written_as_null() {
        // when
        String written = Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, 1.5));
        // then
        assertThat(written).isEqualTo("[null,null,1.5]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1,]", "{\"a\":1,}", "01", "-", "1.", "1e", "[1 2]", "{\"a\" 1}", "{a:1}",
            "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "tru", "nul", "[1]]", "{\"a\":1}{}", "'x'",
            "\"raw\ttab\"", "+1", ".5", "NaN"})
    void malformed_text_is_rejected(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class).hasMessageContaining("column");
    }

    @Test
    void duplicate_field_names_are_rejected_at_the_second_one() {
        // when / then
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
                .isInstanceOf(JsonException.class)
                .hasMessage("duplicate field \"a\" at column 8");
    }
}
