package io.brook.protocol.security.scram;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the cluster stores for one user and mechanism: the salt, the iteration count and the two
 * keys derived from the password ({@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))},
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}). It lets a server check a client's proof
 * and prove itself in turn, but not log in as the user: the password and the client key are
 * never kept.
 *
 * <p>Arrays are copied in and out, and {@link #equals}/{@link #hashCode} compare their contents.
 * {@link #toString} shows neither key. Immutable; thread-safe.
 *
 * <h2>Encoding, format version 1</h2>
 * {@link #encode} and {@link #decode}; all integers big-endian. The bytes are meant to be stored
 * inside a record whose own CRC covers them, so they carry none.
 *
 * <pre>
 * offset  size  field
 * 0       1     int8   format version, 1
 * 1       1     int8   mechanism id: 1 = SCRAM-SHA-256, 2 = SCRAM-SHA-512
 * 2       4     int32  iteration count, from the mechanism's minimum to {@link ScramMechanism#MAX_ITERATIONS}
 * 6       2     uint16 salt length S, 1 to {@value #MAX_SALT_BYTES}
 * 8       S     salt
 * 8+S     2     uint16 stored key length K, the mechanism's hash length (32 or 64)
 * 10+S    K     stored key
 * 10+S+K  2     uint16 server key length, K again
 * 12+S+K  K     server key
 * </pre>
 *
 * Nothing may follow the server key. A later version changes the version byte; a reader refuses
 * a version it does not know rather than guess.
 */
public record ScramCredential(ScramMechanism mechanism, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** The format version {@link #encode} writes and {@link #decode} reads. */
    public static final int FORMAT_VERSION = 1;

    /** The salt length {@link #create} draws. */
    public static final int SALT_BYTES = 16;

    /** The longest salt a credential may have; it keeps a server-first message far below the size limit. */
    public static final int MAX_SALT_BYTES = 1024;

    private static final int FIXED_BYTES = 1 + 1 + 4 + 2 + 2 + 2;

    /**
     * @throws IllegalArgumentException if the iteration count is out of the mechanism's bounds, the
     *     salt is empty or longer than {@value #MAX_SALT_BYTES} bytes, or a key is not of the
     *     mechanism's hash length
     */
    public ScramCredential {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        checkIterations(mechanism, iterations);
        if (salt.length == 0 || salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("salt must be 1 to " + MAX_SALT_BYTES + " bytes, not " + salt.length);
        }
        if (storedKey.length != mechanism.hashBytes() || serverKey.length != mechanism.hashBytes()) {
            throw new IllegalArgumentException(mechanism.mechanismName() + " keys must be " + mechanism.hashBytes() + " bytes");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * A credential for a new password, with a fresh {@value #SALT_BYTES}-byte salt from
     * {@code random}. The caller may wipe {@code password} afterwards.
     *
     * @throws IllegalArgumentException if {@code iterations} is below the mechanism's minimum or
     *     above {@link ScramMechanism#MAX_ITERATIONS}, or the password is empty or holds a control
     *     character
     */
    public static ScramCredential create(ScramMechanism mechanism, char[] password, SecureRandom random, int iterations) {
        checkIterations(mechanism, iterations);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return derive(mechanism, password, salt, iterations);
    }

    /**
     * The credential for {@code password} with a given salt: what {@link #create} computes once it
     * has drawn the salt. Useful to reproduce a known credential (RFC 7677's test vector).
     *
     * @throws IllegalArgumentException as {@link #create} and the constructor do
     */
    public static ScramCredential derive(ScramMechanism mechanism, char[] password, byte[] salt, int iterations) {
        checkIterations(mechanism, iterations);
        ScramText.checkPassword(password);
        byte[] saltedPassword = mechanism.saltedPassword(password, salt, iterations);
        byte[] clientKey = mechanism.clientKey(saltedPassword);
        try {
            return new ScramCredential(mechanism, salt, iterations, mechanism.digest(clientKey), mechanism.serverKey(saltedPassword));
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** The version-1 encoding described in the class comment. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + salt.length + storedKey.length + serverKey.length);
        out.put((byte) FORMAT_VERSION);
        out.put((byte) mechanism.id());
        out.putInt(iterations);
        putBlock(out, salt);
        putBlock(out, storedKey);
        putBlock(out, serverKey);
        return out.array();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws ScramException {@link ScramException.Reason#UNSUPPORTED} for a format version or
     *     mechanism id this build does not know; {@link ScramException.Reason#CORRUPT_CREDENTIAL}
     *     for truncated bytes, trailing bytes, or a field out of its bounds
     */
    public static ScramCredential decode(byte[] bytes) throws ScramException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.remaining() < 2) {
            throw corrupt("it is " + bytes.length + " bytes long, shorter than any credential");
        }
        int version = in.get();
        if (version != FORMAT_VERSION) {
            throw new ScramException(ScramException.Reason.UNSUPPORTED, "unknown SCRAM credential format version "
                    + version + " (this build reads version " + FORMAT_VERSION + ")");
        }
        int id = in.get();
        ScramMechanism mechanism = ScramMechanism.forId(id);
        if (mechanism == null) {
            throw new ScramException(ScramException.Reason.UNSUPPORTED, "unknown SCRAM mechanism id " + id + " in a stored credential");
        }
        if (in.remaining() < 4) {
            throw corrupt("it ends inside the iteration count");
        }
        int iterations = in.getInt();
        if (iterations < mechanism.minIterations() || iterations > ScramMechanism.MAX_ITERATIONS) {
            throw corrupt("its iteration count " + iterations + " is out of bounds");
        }
        byte[] salt = getBlock(in, "salt", 1, MAX_SALT_BYTES);
        byte[] storedKey = getBlock(in, "stored key", mechanism.hashBytes(), mechanism.hashBytes());
        byte[] serverKey = getBlock(in, "server key", mechanism.hashBytes(), mechanism.hashBytes());
        if (in.hasRemaining()) {
            throw corrupt(in.remaining() + " bytes follow the server key");
        }
        return new ScramCredential(mechanism, salt, iterations, storedKey, serverKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential other
                && mechanism == other.mechanism
                && iterations == other.iterations
                && Arrays.equals(salt, other.salt)
                && Arrays.equals(storedKey, other.storedKey)
                && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(mechanism, iterations);
        h = 31 * h + Arrays.hashCode(salt);
        h = 31 * h + Arrays.hashCode(storedKey);
        return 31 * h + Arrays.hashCode(serverKey);
    }

    @Override
    public String toString() {
        return "ScramCredential[" + mechanism.mechanismName() + ", iterations=" + iterations + ", salt=" + salt.length + " bytes]";
    }

    static void checkIterations(ScramMechanism mechanism, int iterations) {
        if (iterations < mechanism.minIterations() || iterations > ScramMechanism.MAX_ITERATIONS) {
            throw new IllegalArgumentException(mechanism.mechanismName() + " needs " + mechanism.minIterations() + " to "
                    + ScramMechanism.MAX_ITERATIONS + " iterations, not " + iterations);
        }
    }

    private static void putBlock(ByteBuffer out, byte[] block) {
        out.putShort((short) block.length);
        out.put(block);
    }

    private static byte[] getBlock(ByteBuffer in, String field, int minLength, int maxLength) throws ScramException {
        if (in.remaining() < 2) {
            throw corrupt("it ends before the " + field + " length");
        }
        int length = Short.toUnsignedInt(in.getShort());
        if (length < minLength || length > maxLength) {
            throw corrupt("its " + field + " length " + length + " is out of bounds (" + minLength + " to " + maxLength + ")");
        }
        if (in.remaining() < length) {
            throw corrupt("it ends inside the " + field);
        }
        byte[] block = new byte[length];
        in.get(block);
        return block;
    }

    private static ScramException corrupt(String why) {
        return new ScramException(ScramException.Reason.CORRUPT_CREDENTIAL, "corrupt SCRAM credential: " + why);
    }
}
