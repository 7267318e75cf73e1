package io.brook.protocol.security.scram;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Nonce sources for {@link ScramClient} and {@link ScramServer}. A nonce must be printable ASCII
 * without ',' and must never repeat; tests pass fixed ones to reproduce RFC transcripts.
 */
public final class ScramNonces {

    /** Random bytes per nonce: 192 bits, base64-encoded into 32 characters without padding. */
    public static final int RANDOM_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramNonces() {}

    /** Nonces of {@value #RANDOM_BYTES} bytes from a shared {@link SecureRandom}; thread-safe. */
    public static Supplier<String> secureRandom() {
        return secureRandom(RANDOM);
    }

    /** Nonces of {@value #RANDOM_BYTES} bytes from {@code random}; as thread-safe as it is. */
    public static Supplier<String> secureRandom(SecureRandom random) {
        return () -> {
            byte[] bytes = new byte[RANDOM_BYTES];
            random.nextBytes(bytes);
            // The base64 alphabet is A-Z a-z 0-9 + / (and '=' padding, which 24 bytes never need).
            return Base64.getEncoder().encodeToString(bytes);
        };
    }
}
