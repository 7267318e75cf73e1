package io.brook.broker.cluster.auth;

import com.google.protobuf.ByteString;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.PeerAuthRequest;
import io.brook.protocol.message.PeerAuthResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.buffer.Unpooled;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's side of PEER_AUTH (see {@link PeerProofs} for the proofs). Step 1 checks the cluster id,
 * keeps a fresh server nonce on the connection and answers with the listener's proof; step 2 checks the
 * dialer's proof over both nonces and marks the connection authenticated (for
 * {@link #isAuthenticated(Channel)}), once. Any failure (wrong cluster, wrong proof, steps out of order
 * or repeated, malformed nonce) is answered with PEER_AUTHENTICATION_FAILED, logged, and the connection
 * is closed. State lives in the connection's attributes; the handler runs on the connection's event loop.
 */
public final class PeerAuthHandler implements ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PeerAuthHandler.class);
    private static final AttributeKey<Challenge> CHALLENGE = AttributeKey.valueOf("brook.peer.challenge");
    private static final AttributeKey<Integer> AUTHENTICATED = AttributeKey.valueOf("brook.peer.authenticated");

    private record Challenge(int brokerId, byte[] clientNonce, byte[] serverNonce) {
    }

    private final ClusterSecret secret;
    private final String clusterId;

    public PeerAuthHandler(ClusterSecret secret, String clusterId) {
        this.secret = secret;
        this.clusterId = clusterId;
    }

    /** Whether the connection passed PEER_AUTH. */
    public static boolean isAuthenticated(Channel channel) {
        return channel.attr(AUTHENTICATED).get() != null;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        PeerAuthRequest r = Messages.parse(PeerAuthRequest.parser(), frame.message());
        Channel ch = request.channel();
        if (isAuthenticated(ch)) {
            refuse(request, "PEER_AUTH on a connection that is already authenticated");
            return;
        }
        switch (r.getStep()) {
            case 1 -> challenge(request, r);
            case 2 -> verify(request, r);
            default -> refuse(request, "PEER_AUTH step " + r.getStep() + " does not exist");
        }
    }

    private void challenge(RequestContext request, PeerAuthRequest r) {
        Channel ch = request.channel();
        if (ch.attr(CHALLENGE).get() != null) {
            refuse(request, "PEER_AUTH step 1 sent twice on one connection");
        } else if (!clusterId.equals(r.getClusterId())) {
            refuse(request, "broker " + r.getBrokerId() + " belongs to cluster '" + r.getClusterId() + "', this broker to '" + clusterId + "'");
        } else if (r.getClientNonce().size() != PeerProofs.NONCE_BYTES) {
            refuse(request, "the client nonce has " + r.getClientNonce().size() + " bytes, not " + PeerProofs.NONCE_BYTES);
        } else {
            byte[] clientNonce = r.getClientNonce().toByteArray();
            byte[] serverNonce = PeerProofs.nonce();
            ch.attr(CHALLENGE).set(new Challenge(r.getBrokerId(), clientNonce, serverNonce));
            request.respond(PeerAuthResponse.newBuilder().setErrorCode(ErrorCode.NONE)
                    .setServerNonce(ByteString.copyFrom(serverNonce))
                    .setServerProof(ByteString.copyFrom(PeerProofs.serverProof(secret, clusterId, r.getBrokerId(), clientNonce, serverNonce)))
                    .build());
        }
    }

    private void verify(RequestContext request, PeerAuthRequest r) {
        Channel ch = request.channel();
        Challenge c = ch.attr(CHALLENGE).getAndSet(null);
        if (c == null) {
            refuse(request, "PEER_AUTH step 2 without step 1 on this connection");
            return;
        }
        byte[] expected = PeerProofs.clientProof(secret, clusterId, c.brokerId(), c.clientNonce(), c.serverNonce());
        if (!PeerProofs.matches(expected, r.getClientProof().toByteArray())) {
            refuse(request, "the proof of broker " + c.brokerId() + " does not match: it does not know this cluster's secret");
            return;
        }
        ch.attr(AUTHENTICATED).set(c.brokerId());
        LOG.debug("Peer connection from {} authenticated as broker {}", ch.remoteAddress(), c.brokerId());
        request.respond(PeerAuthResponse.newBuilder().setErrorCode(ErrorCode.NONE).build());
    }

    private static void refuse(RequestContext request, String reason) {
        Channel ch = request.channel();
        LOG.warn("Peer authentication from {} refused: {}; connection closed", ch.remoteAddress(), reason);
        request.respond(PeerAuthResponse.newBuilder().setErrorCode(ErrorCode.PEER_AUTHENTICATION_FAILED).setErrorMessage(reason).build());
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
