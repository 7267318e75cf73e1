package io.brook.broker.cluster.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proofs of the PEER_AUTH challenge-response. Each side proves that it knows the cluster secret
 * with an HMAC-SHA256 keyed by the secret over:
 * <pre>
 * label        "brook-peer-auth-v1 server" (listener's proof) or "brook-peer-auth-v1 client" (dialer's)
 * clusterId    UTF-8, length-prefixed (int32)
 * brokerId     int32, the dialing broker
 * clientNonce  32 bytes, chosen by the dialer
 * serverNonce  32 bytes, chosen by the listener, fresh per connection
 * </pre>
 * The two labels differ so that a listener's proof can never be replayed as a dialer's (reflection);
 * the listener's fresh nonce makes a recorded dialer's proof useless on any other connection (replay);
 * the secret itself is never sent. Proofs are compared in constant time. Stateless and thread-safe.
 */
public final class PeerProofs {

    public static final int NONCE_BYTES = 32;
    private static final byte[] SERVER = "brook-peer-auth-v1 server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "brook-peer-auth-v1 client".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerProofs() {
    }

    public static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    public static byte[] serverProof(ClusterSecret secret, String clusterId, int brokerId, byte[] clientNonce, byte[] serverNonce) {
        return mac(secret, SERVER, clusterId, brokerId, clientNonce, serverNonce);
    }

    public static byte[] clientProof(ClusterSecret secret, String clusterId, int brokerId, byte[] clientNonce, byte[] serverNonce) {
        return mac(secret, CLIENT, clusterId, brokerId, clientNonce, serverNonce);
    }

    /** Constant-time comparison. */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] mac(ClusterSecret secret, byte[] label, String clusterId, int brokerId, byte[] clientNonce, byte[] serverNonce) {
        byte[] cluster = clusterId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(label.length + 4 + cluster.length + 4 + clientNonce.length + serverNonce.length);
        b.put(label).putInt(cluster.length).put(cluster).putInt(brokerId).put(clientNonce).put(serverNonce);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
            return mac.doFinal(b.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
