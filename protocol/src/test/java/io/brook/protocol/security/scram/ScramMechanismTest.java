package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.scramFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.security.scram.ScramException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScramMechanismTest {

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void for_name_finds_each_mechanism_by_its_sasl_name(ScramMechanism mechanism) throws ScramException {
        assertThat(ScramMechanism.forName(mechanism.mechanismName())).isSameAs(mechanism);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "scram-sha-256", "SCRAM-SHA-256-PLUS", "PLAIN", ""})
    void for_name_refuses_other_names(String name) {
        assertThat(scramFailure(() -> ScramMechanism.forName(name)).reason()).isEqualTo(Reason.UNSUPPORTED);
    }

    /**
     * The JDK's PBKDF2 must encode the password as UTF-8 to be SCRAM's {@code Hi}; checked here
     * against RFC 5802's definition written out, with non-ASCII and supplementary characters.
     */
    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void salted_password_is_rfc_5802_hi_over_utf8(ScramMechanism mechanism) throws Exception {
        // given
        String password = "pässwörd-€-\uD834\uDD1E";
        byte[] salt = new byte[16];
        new Random(7).nextBytes(salt);
        // when
        byte[] salted = mechanism.saltedPassword(password.toCharArray(), salt, 4096);
        // then
        assertThat(salted).isEqualTo(hi(mechanism, password.getBytes(StandardCharsets.UTF_8), salt, 4096));
    }

    /** {@code Hi(str, salt, i)}: U1 = HMAC(str, salt + INT(1)), Ui = HMAC(str, Ui-1), XOR of all. */
    private static byte[] hi(ScramMechanism mechanism, byte[] str, byte[] salt, int iterations) throws Exception {
        Mac mac = Mac.getInstance(mechanism.hmacAlgorithm());
        mac.init(new SecretKeySpec(str, mechanism.hmacAlgorithm()));
        byte[] u = mac.doFinal(ByteBuffer.allocate(salt.length + 4).put(salt).putInt(1).array());
        byte[] result = Arrays.copyOf(u, u.length);
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }
}
