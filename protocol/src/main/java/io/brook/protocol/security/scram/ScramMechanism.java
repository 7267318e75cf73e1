package io.brook.protocol.security.scram;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM mechanisms Brook speaks, with the JDK algorithms behind each and the bounds on the
 * iteration count. Also holds the three primitives of RFC 5802 section 2.2 that the rest of the
 * package builds on: {@code HMAC}, {@code H} and {@code Hi} (PBKDF2). Immutable; thread-safe.
 */
public enum ScramMechanism {

    SCRAM_SHA_256("SCRAM-SHA-256", 1, "HmacSHA256", "SHA-256", "PBKDF2WithHmacSHA256", 32, 4096),
    SCRAM_SHA_512("SCRAM-SHA-512", 2, "HmacSHA512", "SHA-512", "PBKDF2WithHmacSHA512", 64, 4096);

    /**
     * The highest iteration count a client accepts from a server and a credential may carry. It
     * bounds what a hostile or misconfigured server can make a client spend on one login.
     */
    public static final int MAX_ITERATIONS = 1_000_000;

    private final String mechanismName;
    private final int id;
    private final String hmacAlgorithm;
    private final String digestAlgorithm;
    private final String pbkdf2Algorithm;
    private final int hashBytes;
    private final int minIterations;

    ScramMechanism(String mechanismName, int id, String hmacAlgorithm, String digestAlgorithm,
            String pbkdf2Algorithm, int hashBytes, int minIterations) {
        this.mechanismName = mechanismName;
        this.id = id;
        this.hmacAlgorithm = hmacAlgorithm;
        this.digestAlgorithm = digestAlgorithm;
        this.pbkdf2Algorithm = pbkdf2Algorithm;
        this.hashBytes = hashBytes;
        this.minIterations = minIterations;
    }

    /**
     * The mechanism with the given SASL name, compared exactly as the IANA registry spells it.
     *
     * @throws ScramException {@link ScramException.Reason#UNSUPPORTED} for any other name
     */
    public static ScramMechanism forName(String name) throws ScramException {
        for (ScramMechanism mechanism : values()) {
            if (mechanism.mechanismName.equals(name)) {
                return mechanism;
            }
        }
        throw new ScramException(ScramException.Reason.UNSUPPORTED,
                "unsupported SASL mechanism '" + name + "' (supported: SCRAM-SHA-256, SCRAM-SHA-512)");
    }

    /** The mechanism with the given credential-format id, or null when there is none. */
    static ScramMechanism forId(int id) {
        for (ScramMechanism mechanism : values()) {
            if (mechanism.id == id) {
                return mechanism;
            }
        }
        return null;
    }

    /** The SASL name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** This mechanism's id in the credential encoding; never reused for another mechanism. */
    int id() {
        return id;
    }

    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    public String pbkdf2Algorithm() {
        return pbkdf2Algorithm;
    }

    /** The length of this mechanism's hash, and so of its keys, proofs and signatures. */
    public int hashBytes() {
        return hashBytes;
    }

    /** The lowest iteration count RFC 7677 allows a credential to use (4096). */
    public int minIterations() {
        return minIterations;
    }

    /** {@code HMAC(key, data)}. */
    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hmacAlgorithm);
            mac.init(new SecretKeySpec(key, hmacAlgorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw missing(hmacAlgorithm, e);
        }
    }

    /** {@code H(data)}. */
    byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(digestAlgorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw missing(digestAlgorithm, e);
        }
    }

    /**
     * {@code SaltedPassword := Hi(Normalize(password), salt, i)}: PBKDF2 with this mechanism's HMAC
     * and one hash-length block. The JDK's PBKDF2 encodes the password's chars as UTF-8, which is
     * what SCRAM asks for (a test checks it against a hand-written {@code Hi}).
     */
    byte[] saltedPassword(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, hashBytes * 8);
        try {
            return SecretKeyFactory.getInstance(pbkdf2Algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw missing(pbkdf2Algorithm, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code ClientKey := HMAC(SaltedPassword, "Client Key")}. */
    byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, ScramText.utf8("Client Key"));
    }

    /** {@code ServerKey := HMAC(SaltedPassword, "Server Key")}. */
    byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, ScramText.utf8("Server Key"));
    }

    /** {@code a XOR b} for two arrays of the same length. */
    static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("xor of " + a.length + " and " + b.length + " bytes");
        }
        byte[] out = Arrays.copyOf(a, a.length);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= b[i];
        }
        return out;
    }

    private static IllegalStateException missing(String algorithm, GeneralSecurityException e) {
        // The JDK's SunJCE provider ships all of these; their absence means a broken runtime.
        return new IllegalStateException("the JDK does not provide " + algorithm, e);
    }
}
