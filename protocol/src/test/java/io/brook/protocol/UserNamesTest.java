package io.brook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserNamesTest {

    @Test
    void names_of_any_script_with_scram_special_characters_are_valid() {
        assertThat(UserNames.check("alice")).isNull();
        assertThat(UserNames.check("ops team,eu=1")).isNull();
        assertThat(UserNames.check("Jürgen 😀")).isNull();
        assertThat(UserNames.check("x".repeat(UserNames.MAX_LENGTH))).isNull();
    }

    @Test
    void empty_long_padded_control_and_broken_names_are_refused_with_the_reason() {
        assertThat(UserNames.check("")).isEqualTo("user name is empty");
        assertThat(UserNames.check(null)).isEqualTo("user name is empty");
        assertThat(UserNames.check("x".repeat(256))).contains("limit is 255");
        assertThat(UserNames.check(" alice")).contains("white space");
        assertThat(UserNames.check("alice\t")).contains("white space");
        assertThat(UserNames.check("al\u0000ice")).contains("control character U+0000");
        assertThat(UserNames.check("al\u0085ice")).contains("control character U+0085");
        assertThat(UserNames.check("a\uD83D")).contains("lone UTF-16 surrogate");
        assertThat(UserNames.check("\uDE00a")).contains("lone UTF-16 surrogate");
    }
}
