package io.brook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic names: 1 to 249 characters of [a-zA-Z0-9._-], not "." or "..", with messages that say what is wrong. */
class TopicNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "Orders-2026_v1.0", "...", ".a", "a..", "_", "-", "0", "ABC.def_GHI-123"})
    void valid_names_pass(String name) {
        // when
        String problem = TopicNames.check(name);

        // then
        assertThat(problem).isNull();
    }

    @Test
    void name_of_249_characters_is_valid_and_250_is_too_long() {
        // given
        String longest = "t".repeat(TopicNames.MAX_LENGTH);
        String tooLong = "t".repeat(TopicNames.MAX_LENGTH + 1);

        // when
        String longestProblem = TopicNames.check(longest);
        String tooLongProblem = TopicNames.check(tooLong);

        // then
        assertThat(TopicNames.MAX_LENGTH).isEqualTo(249);
        assertThat(longestProblem).isNull();
        assertThat(tooLongProblem).contains("250 characters", "limit is 249");
    }

    @Test
    void null_and_empty_names_are_empty() {
        // then
        assertThat(TopicNames.check(null)).isEqualTo("topic name is empty");
        assertThat(TopicNames.check("")).isEqualTo("topic name is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void dot_and_dot_dot_are_reserved(String name) {
        // when
        String problem = TopicNames.check(name);

        // then
        assertThat(problem).contains("'.' or '..'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "space         | my topic   | ' '",
        "slash         | a/b        | '/'",
        "backslash     | a\\b       | '\\'",
        "colon         | a:b        | ':'",
        "plus          | a+b        | '+'",
        "latin letter  | tëst       | U+00EB",
        "cjk           | 主题        | U+4E3B",
    })
    void characters_outside_the_allowed_set_are_named(String what, String name, String named) {
        // when
        String problem = TopicNames.check(name);

        // then
        assertThat(problem).as(what).contains("has the character " + named, "only ASCII letters, digits");
    }

    @Test
    void control_characters_are_named_by_code_point_and_not_printed() {
        // when
        String newline = TopicNames.check("orders\n");
        String nul = TopicNames.check("a\u0000b");
        String tab = TopicNames.check("a\tb");
        String del = TopicNames.check("a\u007fb");

        // then
        assertThat(newline).contains("U+000A", "'orders?'");
        assertThat(nul).contains("U+0000", "'a?b'");
        assertThat(tab).contains("U+0009");
        assertThat(del).contains("U+007F");
    }

    @Test
    void letters_of_other_scripts_are_echoed_as_typed() {
        // when
        String problem = TopicNames.check("ünïcødé");

        // then: the name as the user typed it, not '?n?c?d?'
        assertThat(problem).startsWith("topic name 'ünïcødé' has the character U+00FC");
    }

    @Test
    void character_outside_the_basic_plane_is_named_as_one_code_point() {
        // when
        String problem = TopicNames.check("orders-\uD83D\uDE00");

        // then: U+1F600, not its first surrogate U+D83D
        assertThat(problem).contains("U+1F600").doesNotContain("U+D83D");
    }

    @Test
    void long_invalid_name_is_shortened_in_the_message() {
        // given
        String name = "x".repeat(100) + " ";

        // when
        String problem = TopicNames.check(name);

        // then
        assertThat(problem).contains("'" + "x".repeat(64) + "...'", "' '");
    }

    @Test
    void length_is_checked_before_characters() {
        // when
        String problem = TopicNames.check(" ".repeat(300));

        // then
        assertThat(problem).contains("300 characters");
    }
}
