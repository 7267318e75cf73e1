package io.brook.protocol.security.scram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ScramNoncesTest {

    @Test
    void random_nonces_are_printable_without_commas_long_and_distinct() {
        // given
        Supplier<String> nonces = ScramNonces.secureRandom();
        Set<String> seen = new HashSet<>();
        // when
        for (int i = 0; i < 1000; i++) {
            String nonce = nonces.get();
            // then
            assertThat(ScramText.isNonce(nonce)).as(nonce).isTrue();
            assertThat(nonce).hasSize(32).doesNotContain(",");
            assertThat(seen.add(nonce)).as("repeated nonce %s", nonce).isTrue();
        }
    }
}
