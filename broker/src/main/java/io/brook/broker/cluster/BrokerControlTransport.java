package io.brook.broker.cluster;

import com.google.protobuf.ByteString;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ControlRequest;
import io.brook.protocol.message.ControlResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.replication.control.ControlTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The controller quorum's {@link ControlTransport} on Brook's own connections: requests go out as
 * CONTROL frames through {@link PeerConnections}, and arrive through the {@link #handler()} API handler
 * registered on the broker's server.
 */
public final class BrokerControlTransport implements ControlTransport {

    private final PeerConnections peers;
    private final UnaryOperator<String> route;
    private volatile Function<byte[], CompletableFuture<byte[]>> handler;

    public BrokerControlTransport(PeerConnections peers) {
        this(peers, UnaryOperator.identity());
    }

    /**
     * @param route maps a voter's address to the one to connect to (the broker's {@code peer.addresses}
     *     overrides, e.g. a fault-injecting proxy in tests); identity when there are none
     */
    public BrokerControlTransport(PeerConnections peers, UnaryOperator<String> route) {
        this.peers = peers;
        this.route = route;
    }

    @Override
    public CompletableFuture<byte[]> request(String address, byte[] payload, Duration timeout) {
        ControlRequest req = ControlRequest.newBuilder().setPayload(ByteString.copyFrom(payload)).build();
        return peers.to(route.apply(address)).request(ApiKey.CONTROL, req, List.of(), timeout).thenApply(frame -> {
            try {
                if (frame.errorCode() != 0) {
                    throw new IllegalStateException("CONTROL request to " + address + " failed with error " + frame.errorCode());
                }
                ControlResponse resp = Messages.parse(ControlResponse.parser(), frame.message());
                if (resp.getErrorCode() != ErrorCode.NONE) {
                    throw new IllegalStateException("CONTROL request to " + address + " failed: " + resp.getErrorMessage());
                }
                return resp.getPayload().toByteArray();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("malformed CONTROL response from " + address, e);
            } finally {
                frame.release();
            }
        });
    }

    @Override
    public void handler(Function<byte[], CompletableFuture<byte[]>> handler) {
        this.handler = handler;
    }

    /** The API handler that serves incoming CONTROL requests. */
    public ApiHandler handler() {
        return this::serve;
    }

    private void serve(RequestContext request, Frame frame) throws Exception {
        ControlRequest req = Messages.parse(ControlRequest.parser(), frame.message());
        Function<byte[], CompletableFuture<byte[]>> h = handler;
        if (h == null) {
            request.respond(ControlResponse.newBuilder().setErrorCode(ErrorCode.CONTROLLER_NOT_AVAILABLE)
                    .setErrorMessage("the control plane is not running on this broker").build());
            return;
        }
        h.apply(req.getPayload().toByteArray()).whenComplete((bytes, t) -> {
            if (t != null) {
                request.respond(ControlResponse.newBuilder().setErrorCode(ErrorCode.UNKNOWN_SERVER_ERROR)
                        .setErrorMessage(String.valueOf(t.getMessage())).build());
            } else {
                request.respond(ControlResponse.newBuilder().setErrorCode(ErrorCode.NONE).setPayload(ByteString.copyFrom(bytes)).build());
            }
        });
    }
}
