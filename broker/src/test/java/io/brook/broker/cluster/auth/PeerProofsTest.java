package io.brook.broker.cluster.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The PEER_AUTH proofs are a wire format between brokers of different builds: golden bytes pin them,
 * and each input, and the label that tells the two proofs apart, changes the proof.
 */
class PeerProofsTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final byte[] CLIENT_NONCE = filled(1);
    private static final byte[] SERVER_NONCE = filled(2);

    /** HMAC-SHA256(secret, "brook-peer-auth-v1 server" | int32 len | "c1" | int32 7 | client nonce | server nonce). */
    static final String GOLDEN_SERVER_PROOF = "b9538df43046a8b66474fd40f24fe97a1db4857fa02bfb8ff7f1dd61bd2bdbe7";
    /** The same with the label "brook-peer-auth-v1 client". */
    static final String GOLDEN_CLIENT_PROOF = "087421fa3a5ca73ec9747970b7728d87b062a667d4107a59cf2d411eba71488f";

    private static byte[] filled(int value) {
        byte[] b = new byte[PeerProofs.NONCE_BYTES];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void golden_proofs() {
        assertThat(HexFormat.of().formatHex(PeerProofs.serverProof(SECRET, "c1", 7, CLIENT_NONCE, SERVER_NONCE))).isEqualTo(GOLDEN_SERVER_PROOF);
        assertThat(HexFormat.of().formatHex(PeerProofs.clientProof(SECRET, "c1", 7, CLIENT_NONCE, SERVER_NONCE))).isEqualTo(GOLDEN_CLIENT_PROOF);
    }

    @Test
    void every_input_changes_the_proof() {
        byte[] base = PeerProofs.clientProof(SECRET, "c1", 7, CLIENT_NONCE, SERVER_NONCE);

        assertThat(PeerProofs.serverProof(SECRET, "c1", 7, CLIENT_NONCE, SERVER_NONCE)).isNotEqualTo(base);
        assertThat(PeerProofs.clientProof(ClusterSecret.of("another secret of thirty-two bytes!".getBytes(StandardCharsets.UTF_8)),
                "c1", 7, CLIENT_NONCE, SERVER_NONCE)).isNotEqualTo(base);
        assertThat(PeerProofs.clientProof(SECRET, "c2", 7, CLIENT_NONCE, SERVER_NONCE)).isNotEqualTo(base);
        assertThat(PeerProofs.clientProof(SECRET, "c1", 8, CLIENT_NONCE, SERVER_NONCE)).isNotEqualTo(base);
        assertThat(PeerProofs.clientProof(SECRET, "c1", 7, SERVER_NONCE, SERVER_NONCE)).isNotEqualTo(base);
        assertThat(PeerProofs.clientProof(SECRET, "c1", 7, CLIENT_NONCE, CLIENT_NONCE)).isNotEqualTo(base);
        assertThat(PeerProofs.matches(base, base.clone())).isTrue();
    }
}
