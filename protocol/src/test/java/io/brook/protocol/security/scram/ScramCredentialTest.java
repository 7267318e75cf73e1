package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.scramFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.brook.protocol.security.scram.ScramException.Reason;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ScramCredentialTest {

    private static final ScramMechanism SHA_256 = ScramMechanism.SCRAM_SHA_256;
    private static final int SEEDS = 200;

    /** A credential with random fields, built directly so that no PBKDF2 runs. */
    private static ScramCredential random(Random random) {
        ScramMechanism mechanism = ScramMechanism.values()[random.nextInt(ScramMechanism.values().length)];
        byte[] salt = new byte[1 + random.nextInt(ScramCredential.MAX_SALT_BYTES)];
        byte[] storedKey = new byte[mechanism.hashBytes()];
        byte[] serverKey = new byte[mechanism.hashBytes()];
        random.nextBytes(salt);
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        int iterations = mechanism.minIterations() + random.nextInt(ScramMechanism.MAX_ITERATIONS - mechanism.minIterations() + 1);
        return new ScramCredential(mechanism, salt, iterations, storedKey, serverKey);
    }

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void create_draws_a_fresh_salt_and_derive_reproduces_it(ScramMechanism mechanism) {
        // given
        SecureRandom random = new SecureRandom();
        // when
        ScramCredential first = ScramCredential.create(mechanism, "pw".toCharArray(), random, 4096);
        ScramCredential second = ScramCredential.create(mechanism, "pw".toCharArray(), random, 4096);
        ScramCredential again = ScramCredential.derive(mechanism, "pw".toCharArray(), first.salt(), 4096);
        // then
        assertThat(first.salt()).hasSize(ScramCredential.SALT_BYTES).isNotEqualTo(second.salt());
        assertThat(first.storedKey()).hasSize(mechanism.hashBytes()).isNotEqualTo(second.storedKey());
        assertThat(again).isEqualTo(first).hasSameHashCodeAs(first).isNotSameAs(first);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void create_refuses_iteration_counts_out_of_bounds() {
        assertThatThrownBy(() -> ScramCredential.create(SHA_256, "pw".toCharArray(), new SecureRandom(), 4095))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
        assertThatThrownBy(() -> ScramCredential.create(SHA_256, "pw".toCharArray(), new SecureRandom(), ScramMechanism.MAX_ITERATIONS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void create_refuses_empty_passwords_and_control_characters() {
        assertThatThrownBy(() -> ScramCredential.create(SHA_256, new char[0], new SecureRandom(), 4096))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramCredential.create(SHA_256, "p\nw".toCharArray(), new SecureRandom(), 4096))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arrays_are_copied_in_and_out() {
        // given
        byte[] salt = new byte[16];
        ScramCredential credential = new ScramCredential(SHA_256, salt, 4096, new byte[32], new byte[32]);
        ScramCredential copy = new ScramCredential(SHA_256, new byte[16], 4096, new byte[32], new byte[32]);
        // when
        salt[0] = 1;
        credential.salt()[1] = 1;
        credential.storedKey()[0] = 1;
        credential.serverKey()[0] = 1;
        // then
        assertThat(credential).isEqualTo(copy);
    }

    @Test
    void to_string_shows_no_key() {
        // given
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xab);
        ScramCredential credential = new ScramCredential(SHA_256, new byte[16], 4096, key, key);
        // when
        String text = credential.toString();
        // then
        assertThat(text).contains("SCRAM-SHA-256", "4096").doesNotContainIgnoringCase("abab").doesNotContain("q6ur");
    }

    @Test
    void encode_then_decode_gives_the_same_credential() throws ScramException {
        for (int seed = 0; seed < SEEDS; seed++) {
            // given
            ScramCredential credential = random(new Random(seed));
            // when
            ScramCredential decoded = ScramCredential.decode(credential.encode());
            // then
            assertThat(decoded).as("seed %d", seed).isEqualTo(credential);
        }
    }

    @Test
    void every_truncation_is_refused_as_corrupt() throws ScramException {
        // given
        byte[] encoded = random(new Random(1)).encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            // when
            ScramException failure = scramFailure(() -> ScramCredential.decode(truncated));
            // then
            assertThat(failure.reason()).as("length %d", length).isEqualTo(Reason.CORRUPT_CREDENTIAL);
        }
    }

    @Test
    void trailing_bytes_are_refused_as_corrupt() {
        // given
        byte[] encoded = random(new Random(2)).encode();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        // when
        ScramException failure = scramFailure(() -> ScramCredential.decode(longer));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.CORRUPT_CREDENTIAL);
        assertThat(failure.getMessage()).contains("1 bytes follow the server key");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 2, format version 2 (this build reads version 1)",
        "1, 9, unknown SCRAM mechanism id 9",
    })
    void unknown_version_or_mechanism_is_refused_naming_it(int offset, byte value, String expectedMessage) {
        // given
        byte[] encoded = random(new Random(3)).encode();
        encoded[offset] = value;
        // when
        ScramException failure = scramFailure(() -> ScramCredential.decode(encoded));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(failure.getMessage()).contains(expectedMessage);
    }

    @Test
    void fields_out_of_bounds_are_refused_as_corrupt() {
        // given: SCRAM-SHA-256, 4096 iterations, 1-byte salt, 32-byte keys
        byte[] valid = HexFormat.of().parseHex("0101" + "00001000" + "0001" + "aa"
                + "0020" + "11".repeat(32) + "0020" + "22".repeat(32));
        byte[][] corrupt = {
            patch(valid, 2, "00000fff"),                      // 4095 iterations
            patch(valid, 2, "000f4241"),                      // 1,000,001 iterations
            patch(valid, 6, "0000"),                          // empty salt
            patch(valid, 6, "ffff"),                          // salt longer than allowed
            patch(valid, 9, "001f"),                          // stored key of 31 bytes
        };
        // when / then
        assertThat(catchThrowable(() -> ScramCredential.decode(valid))).isNull();
        for (byte[] bytes : corrupt) {
            assertThat(scramFailure(() -> ScramCredential.decode(bytes)).reason())
                    .as(HexFormat.of().formatHex(bytes)).isEqualTo(Reason.CORRUPT_CREDENTIAL);
        }
    }

    @Test
    void random_corruption_decodes_or_fails_with_a_scram_exception() {
        for (int seed = 0; seed < SEEDS; seed++) {
            // given
            Random random = new Random(seed);
            byte[] encoded = random(random).encode();
            encoded[random.nextInt(Math.min(encoded.length, 16))] ^= (byte) (1 + random.nextInt(255));
            // when
            Throwable thrown = catchThrowable(() -> ScramCredential.decode(encoded));
            // then
            if (thrown != null) {
                assertThat(thrown).as("seed %d", seed).isInstanceOf(ScramException.class);
            }
        }
    }

    private static byte[] patch(byte[] bytes, int offset, String hex) {
        byte[] patched = bytes.clone();
        byte[] with = HexFormat.of().parseHex(hex);
        System.arraycopy(with, 0, patched, offset, with.length);
        return patched;
    }
}
