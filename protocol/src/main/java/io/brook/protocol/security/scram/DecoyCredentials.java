package io.brook.protocol.security.scram;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Stand-in credentials for users that do not exist, so that a {@link ScramServer} answers an
 * unknown name exactly as it answers a known one and fails only at the final step, with the same
 * error as a wrong password. The salt is derived from the user name and a secret, so the same
 * name gets the same salt every time, as a real user would; without the secret nobody can tell a
 * decoy salt from a random one. The keys are derived the same way and match no password.
 *
 * <p>Give every server of a cluster, and every restart, the same secret to keep decoys stable
 * across them; {@link #processWide()} is stable only for the life of this process. The iteration
 * count should be the one real credentials are created with. Immutable; thread-safe.
 */
public final class DecoyCredentials {

    /** The shortest secret accepted. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final class ProcessWide {
        static final DecoyCredentials INSTANCE = create();

        private static DecoyCredentials create() {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            return new DecoyCredentials(secret, 4096);
        }
    }

    private final byte[] secret;
    private final int iterations;

    private DecoyCredentials(byte[] secret, int iterations) {
        this.secret = secret;
        this.iterations = iterations;
    }

    /**
     * @param secret at least {@value #MIN_SECRET_BYTES} bytes, kept private to the servers; copied
     * @param iterations the count real credentials use; raised to a mechanism's minimum if below it
     * @throws IllegalArgumentException if the secret is too short or the count above
     *     {@link ScramMechanism#MAX_ITERATIONS}
     */
    public static DecoyCredentials withSecret(byte[] secret, int iterations) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("decoy secret must be at least " + MIN_SECRET_BYTES + " bytes, not " + secret.length);
        }
        if (iterations > ScramMechanism.MAX_ITERATIONS) {
            throw new IllegalArgumentException("decoy iterations " + iterations + " are above " + ScramMechanism.MAX_ITERATIONS);
        }
        return new DecoyCredentials(secret.clone(), iterations);
    }

    /** Decoys with a random secret drawn once per process, and 4096 iterations. */
    public static DecoyCredentials processWide() {
        return ProcessWide.INSTANCE;
    }

    /** The decoy credential for {@code username}: the same for the same name and mechanism. */
    ScramCredential forUser(String username, ScramMechanism mechanism) {
        byte[] salt = Arrays.copyOf(derive(mechanism, "salt", username), ScramCredential.SALT_BYTES);
        return new ScramCredential(mechanism, salt, Math.max(iterations, mechanism.minIterations()),
                derive(mechanism, "stored-key", username), derive(mechanism, "server-key", username));
    }

    private byte[] derive(ScramMechanism mechanism, String label, String username) {
        String input = label + '\0' + mechanism.mechanismName() + '\0' + username;
        return mechanism.hmac(secret, input.getBytes(StandardCharsets.UTF_8));
    }
}
