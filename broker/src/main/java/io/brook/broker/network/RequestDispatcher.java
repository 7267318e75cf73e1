package io.brook.broker.network;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.FrameError;
import io.brook.protocol.message.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per connection: routes each decoded frame to its API's handler and turns everything that is not a
 * valid request into an error response, so that no client bytes can take the broker down: unknown
 * API or version, unparsable message, oversized or malformed frame (answered, and the connection
 * continues), impossible length prefix (answered, then the connection is closed), handler failure
 * (UNKNOWN_SERVER_ERROR). On the peer listener every bad frame closes the connection after its answer:
 * brokers send only frames they built, so a bad one means the stream lost its framing.
 *
 * <p>Start order: the broker listens before its handlers exist (the control plane needs the
 * listener to form its quorum). Until {@link BrokerServer.State#started()}, broker-to-broker APIs
 * (CONTROL, RAFT) are served as soon as their handler is installed; every other known API, and a
 * broker-to-broker one whose handler is not installed yet, is answered with the retriable
 * BROKER_NOT_AVAILABLE (RAFT, being one-way, gets no answer), never with UNSUPPORTED_API, which
 * clients take as final. An API key that no broker knows is UNSUPPORTED_API at any time. While
 * shutting down, every API but CONTROL and RAFT gets BROKER_SHUTTING_DOWN.
 *
 * <p>Listeners: an API that the connection's {@link Listener} does not serve gets WRONG_LISTENER
 * (checked before anything else, so that a client never reaches a broker-to-broker handler). On a peer
 * listener that requires authentication, CONTROL and RAFT from a connection that has not passed the
 * PEER_AUTH challenge get PEER_AUTHENTICATION_FAILED and the connection is closed. On the client
 * listener, when {@link BrokerServer.State#clientAuthenticationRequired()}, every API but ApiVersions,
 * SaslHandshake and SaslAuthenticate from a connection that has not authenticated gets ILLEGAL_SASL_STATE
 * and the connection is closed.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final ApiHandler[] handlers;
    private final InFlightRequests inFlight;
    private final BrokerServer.State state;
    private final Listener listener;
    /** Whether a peer connection may send CONTROL and RAFT; null: no authentication required. */
    private final Predicate<io.netty.channel.Channel> peerAuthenticated;
    private final RequestObserver observer;

    RequestDispatcher(ApiHandler[] handlers, InFlightRequests inFlight, BrokerServer.State state, Listener listener,
            Predicate<io.netty.channel.Channel> peerAuthenticated, RequestObserver observer) {
        this.observer = observer;
        this.handlers = handlers;
        this.inFlight = inFlight;
        this.state = state;
        this.listener = listener;
        this.peerAuthenticated = peerAuthenticated;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameError error) {
            onFrameError(ctx, error);
            return;
        }
        if (!(msg instanceof Frame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            dispatch(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Frame frame) {
        RequestContext rc = new RequestContext(ctx.channel(), frame.apiKey(), frame.apiVersion(), frame.correlationId(),
                frame.clientId(), inFlight, observer);
        ApiKey key = ApiKey.forId(frame.apiKey());
        if (key == null) {
            rc.respondError(ErrorCode.UNSUPPORTED_API, "unknown API key " + frame.apiKey());
            return;
        }
        if (!key.supports(frame.apiVersion())) {
            rc.respondError(ErrorCode.UNSUPPORTED_VERSION, key + " version " + frame.apiVersion() + " is not supported; this broker serves "
                    + key.minVersion() + ".." + key.maxVersion());
            return;
        }
        if (!listener.serves(key)) {
            LOG.debug("{} from {} refused on the {} listener", key, ctx.channel().remoteAddress(), listener);
            rc.respondError(ErrorCode.WRONG_LISTENER, listener.refusal(key));
            return;
        }
        boolean brokerToBroker = key.brokerToBroker();
        if (brokerToBroker && key != ApiKey.PEER_AUTH && peerAuthenticated != null && !peerAuthenticated.test(ctx.channel())) {
            LOG.warn("{} from {} on the peer listener without peer authentication: refused, connection closed", key,
                    ctx.channel().remoteAddress());
            rc.respondError(ErrorCode.PEER_AUTHENTICATION_FAILED, key + " needs an authenticated peer connection (PEER_AUTH first)");
            ctx.channel().writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (listener == Listener.CLIENT && state.clientAuthenticationRequired() && !ConnectionPrincipal.authenticated(ctx.channel())
                && key != ApiKey.API_VERSIONS && key != ApiKey.SASL_HANDSHAKE && key != ApiKey.SASL_AUTHENTICATE) {
            LOG.warn("{} from {} before authentication: refused, connection closed", key, ctx.channel().remoteAddress());
            rc.respondError(ErrorCode.ILLEGAL_SASL_STATE, key + " needs an authenticated connection: this broker requires "
                    + "client.authentication; authenticate first (SaslHandshake, then SaslAuthenticate)");
            ctx.channel().writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (state.shuttingDown() && !brokerToBroker) {
            rc.respondError(ErrorCode.BROKER_SHUTTING_DOWN, "broker is shutting down");
            return;
        }
        // the volatile read of 'starting' comes first: once it reads false, every handler installed
        // before BrokerServer.State.started() is visible in the array
        boolean starting = state.starting();
        ApiHandler handler = handlers[key.id()];
        if (starting && (handler == null || !brokerToBroker)) {
            if (key == ApiKey.RAFT) {
                rc.noResponse(); // one-way; Raft re-sends
            } else {
                rc.respondError(ErrorCode.BROKER_NOT_AVAILABLE, "broker is starting; retry shortly");
            }
            return;
        }
        if (handler == null) {
            rc.respondError(ErrorCode.UNSUPPORTED_API, key + " is not served by this broker");
            return;
        }
        try {
            handler.handle(rc, frame);
        } catch (InvalidProtocolBufferException e) {
            rc.respondError(ErrorCode.MALFORMED_REQUEST, key + " message does not parse: " + e.getMessage());
        } catch (Exception e) {
            LOG.error("{} request {} from {} failed", key, frame.correlationId(), ctx.channel().remoteAddress(), e);
            rc.respondError(ErrorCode.UNKNOWN_SERVER_ERROR, key + " failed on the broker: " + e);
        }
    }

    private void onFrameError(ChannelHandlerContext ctx, FrameError error) {
        LOG.debug("Bad frame from {}: {}", ctx.channel().remoteAddress(), error.detail());
        RequestContext rc = new RequestContext(ctx.channel(), error.apiKey(), error.apiVersion(), error.correlationId(), null, inFlight,
                observer);
        ErrorCode code = error.kind() == FrameError.Kind.TOO_LARGE ? ErrorCode.FRAME_TOO_LARGE : ErrorCode.MALFORMED_REQUEST;
        rc.respondError(code, error.detail());
        if (listener == Listener.PEER && !error.fatal()) {
            // Brokers send only frames they built: a bad one means the byte stream lost its framing (a
            // frame cut short by its sender), and skipping the "frame" would discard what follows for
            // as long as the bogus length says. Closed: the peer reconnects and resends.
            LOG.warn("Bad frame from peer {} ({}): closing the connection", ctx.channel().remoteAddress(), error.detail());
            ctx.channel().writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (error.fatal()) {
            ctx.channel().writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
