package io.brook.broker.cluster.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.PeerAuthRequest;
import io.brook.protocol.message.PeerAuthResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * The dialing broker's side of PEER_AUTH: sends its nonce, checks the listener's proof (so that it never
 * sends CONTROL or RAFT to a listener that does not know the secret), then sends its own proof and waits
 * for the listener's acceptance. Thread-safe (stateless between handshakes).
 */
public final class PeerAuthenticator {

    /** A failed handshake: the peer could not prove the secret, or refused ours. */
    public static final class PeerAuthenticationException extends RuntimeException {
        PeerAuthenticationException(String message) {
            super(message);
        }
    }

    private final ClusterSecret secret;
    private final String clusterId;
    private final int localId;

    public PeerAuthenticator(ClusterSecret secret, String clusterId, int localId) {
        this.secret = secret;
        this.clusterId = clusterId;
        this.localId = localId;
    }

    /**
     * Runs the handshake.
     *
     * @param send sends one request on the connection being authenticated and completes with its
     *     response frame (released here)
     * @param target the peer's address, for messages
     */
    public CompletableFuture<Void> handshake(BiFunction<ApiKey, MessageLite, CompletableFuture<Frame>> send, String target) {
        byte[] clientNonce = PeerProofs.nonce();
        PeerAuthRequest step1 = PeerAuthRequest.newBuilder().setStep(1).setBrokerId(localId).setClusterId(clusterId)
                .setClientNonce(ByteString.copyFrom(clientNonce)).build();
        return send.apply(ApiKey.PEER_AUTH, step1).thenCompose(frame -> {
            PeerAuthResponse r = response(frame, target);
            byte[] serverNonce = r.getServerNonce().toByteArray();
            byte[] expected = PeerProofs.serverProof(secret, clusterId, localId, clientNonce, serverNonce);
            if (serverNonce.length != PeerProofs.NONCE_BYTES || !PeerProofs.matches(expected, r.getServerProof().toByteArray())) {
                throw new PeerAuthenticationException("the peer listener at " + target + " does not know this cluster's secret");
            }
            PeerAuthRequest step2 = PeerAuthRequest.newBuilder().setStep(2)
                    .setClientProof(ByteString.copyFrom(PeerProofs.clientProof(secret, clusterId, localId, clientNonce, serverNonce))).build();
            return send.apply(ApiKey.PEER_AUTH, step2);
        }).thenAccept(frame -> response(frame, target));
    }

    private static PeerAuthResponse response(Frame frame, String target) {
        try {
            if (frame.errorCode() != 0) {
                ErrorResponse e = Messages.parse(ErrorResponse.parser(), frame.message());
                throw new PeerAuthenticationException("PEER_AUTH to " + target + " failed: " + e.getErrorCode() + " " + e.getErrorMessage());
            }
            PeerAuthResponse r = Messages.parse(PeerAuthResponse.parser(), frame.message());
            if (r.getErrorCode() != ErrorCode.NONE) {
                throw new PeerAuthenticationException("the peer at " + target + " refused this broker: " + r.getErrorMessage());
            }
            return r;
        } catch (InvalidProtocolBufferException e) {
            throw new CompletionException(new PeerAuthenticationException("malformed PEER_AUTH answer from " + target));
        } finally {
            frame.release();
        }
    }
}
