package io.brook.broker.cluster.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster secret that brokers prove to each other on the peer listener. Read from the file that
 * {@code cluster.secret.file} names: its content with surrounding white space removed, at least
 * {@value #MIN_BYTES} bytes (e.g. {@code openssl rand -base64 48 > secret}). Every broker of a cluster
 * reads the same secret. A file that others than its owner may read is accepted with a warning. Immutable.
 */
public final class ClusterSecret {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSecret.class);

    /** Shortest secret accepted: 256 bits when written as raw bytes, less as text, hence the margin. */
    public static final int MIN_BYTES = 32;

    private final byte[] bytes;

    private ClusterSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalStateException with a one-line reason: missing, unreadable or too short */
    public static ClusterSecret read(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("cluster secret file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the cluster secret file " + file + ": " + e.getMessage());
        }
        byte[] secret = new String(raw, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        Arrays.fill(raw, (byte) 0);
        if (secret.length < MIN_BYTES) {
            throw new IllegalStateException("the cluster secret in " + file + " has " + secret.length + " bytes; at least " + MIN_BYTES
                    + " are needed (e.g. `openssl rand -base64 48 > " + file + "`)");
        }
        warnIfOthersMayRead(file);
        return new ClusterSecret(secret);
    }

    /** A secret from bytes already in memory (tests, generated local clusters). */
    public static ClusterSecret of(byte[] secret) {
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("a cluster secret needs at least " + MIN_BYTES + " bytes, got " + secret.length);
        }
        return new ClusterSecret(secret.clone());
    }

    byte[] bytes() {
        return bytes;
    }

    /**
     * A key for another use of the secret: HMAC-SHA256(secret, "brook-derived-key" NUL {@code purpose}).
     * Different purposes give unrelated keys, and none reveals the secret or a peer proof.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(bytes, "HmacSHA256"));
            return mac.doFinal(("brook-derived-key\0" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static void warnIfOthersMayRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("The cluster secret file {} may be read by other users than its owner; `chmod 600 {}`", file, file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + bytes.length + " bytes]";
    }
}
