package io.brook.protocol.security.scram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared pieces of the SCRAM tests: text helpers, fixed nonces, an in-memory credential store. */
final class ScramFixtures {

    /** A fixed client nonce, for exchanges whose transcript a test inspects. */
    static final String CLIENT_NONCE = "clientNonce0123456789";
    static final String SERVER_NONCE = "serverNonce9876543210";

    private ScramFixtures() {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] unbase64(String text) {
        return Base64.getDecoder().decode(text);
    }

    /**
     * {@code message} with one bit flipped in the bytes of its last attribute, which must be
     * base64 (a proof or a signature); the result is still well-formed SCRAM.
     */
    static byte[] withLastAttributeTampered(byte[] message) {
        String text = text(message);
        int valueAt = text.lastIndexOf(',') + 3; // after the one-letter name and '='
        byte[] value = unbase64(text.substring(valueAt));
        value[value.length / 2] ^= 0x01;
        return bytes(text.substring(0, valueAt) + Base64.getEncoder().encodeToString(value));
    }

    static Supplier<String> fixed(String nonce) {
        return () -> nonce;
    }

    /** Runs {@code call}, which must throw a {@link ScramException}, and returns it. */
    static ScramException scramFailure(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ScramException.class);
        return (ScramException) thrown;
    }

    /** An in-memory credential store, like the broker's but without the cluster. */
    static final class Users implements CredentialLookup {
        private final Map<String, ScramCredential> credentials = new HashMap<>();
        private final SecureRandom random = new SecureRandom();

        Users add(ScramMechanism mechanism, String username, String password) {
            credentials.put(key(username, mechanism),
                    ScramCredential.create(mechanism, password.toCharArray(), random, mechanism.minIterations()));
            return this;
        }

        @Override
        public ScramCredential find(String username, ScramMechanism mechanism) {
            return credentials.get(key(username, mechanism));
        }

        private static String key(String username, ScramMechanism mechanism) {
            return mechanism.mechanismName() + '/' + username;
        }
    }
}
