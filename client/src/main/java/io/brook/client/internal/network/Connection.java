package io.brook.client.internal.network;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.brook.client.BrokerErrorException;
import io.brook.client.BrookException;
import io.brook.client.ConnectionException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.TimeoutException;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.FrameDecoder;
import io.brook.protocol.frame.FrameEncoder;
import io.brook.protocol.frame.FrameError;
import io.brook.protocol.frame.FrameLayout;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.frame.OutboundFrame;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.collection.IntObjectHashMap;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one broker. Once connected it first asks ApiVersions (the protocol's opening
 * request) and learns the broker's API versions and frame limit, then, with {@code sasl.mechanism}
 * set, authenticates ({@link SaslExchange}); until then, and while the in-flight limit is reached,
 * requests wait in a queue (a refused authentication fails them with the broker's
 * {@link io.brook.client.AuthenticationException}, as a refused ApiVersions fails them with its error). Each request is then written with the
 * highest version both sides speak, and responses are matched to requests by correlation id.
 *
 * <p>With TLS ({@code tls.enabled}) the connection starts with the TLS handshake, which checks the
 * broker's certificate against the trust anchors and (unless turned off) the host name dialled;
 * ApiVersions goes out only once it succeeded. A failed handshake fails the waiting requests with the
 * reason ({@link ClientTls#failure}).
 *
 * <p>A request that times out after it was written closes the connection (like Kafka: the
 * connection may be dead without knowing it), failing the other outstanding requests with a
 * retriable {@link ConnectionException}. Every field is owned by the event loop.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final FrameEncoder ENCODER = new FrameEncoder();
    /** Requests that change nothing on the broker: when one times out, there is no effect to wonder about. */
    private static final Set<ApiKey> READ_ONLY = EnumSet.of(ApiKey.API_VERSIONS, ApiKey.METADATA, ApiKey.FETCH,
            ApiKey.LIST_OFFSETS, ApiKey.DESCRIBE_TOPICS);
    private static final ApiVersionsRequest HELLO = ApiVersionsRequest.newBuilder()
            .setClientSoftware("brook-java-client").build();

    private final NetworkClient owner;
    private final InetSocketAddress address;
    private final int maxInFlight;
    private final long handshakeTimeoutMs;
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    private final IntObjectHashMap<PendingRequest> inFlight = new IntObjectHashMap<>();
    private Channel channel;
    private boolean connected;
    private BrokerVersions versions;
    /** ApiVersions answered and, with SASL, the exchange succeeded: queued requests may go out. */
    private boolean ready;
    private boolean closed;
    private Throwable closeCause;
    /** What the outstanding requests failed with when the connection closed; later requests fail with it too. */
    private BrookException closedWith;
    /** The broker answered the opening ApiVersions with an error: requests fail with {@link #closeCause} itself. */
    private boolean refused;

    Connection(NetworkClient owner, InetSocketAddress address, int maxInFlight, long handshakeTimeoutMs) {
        this.owner = owner;
        this.address = address;
        this.maxInFlight = maxInFlight;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
    }

    void connect(Bootstrap base, int maxResponseBytes) {
        Connection self = this;
        ChannelFuture f = base.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                SslContext tls = owner.tls();
                if (tls != null) {
                    // with the host dialled, so that the handshake can verify the certificate names it
                    ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                }
                ch.pipeline().addLast(new FrameDecoder(false, maxResponseBytes), ENCODER, new ResponseHandler(self));
            }
        }).connect(address);
        channel = f.channel();
        // The close listener goes on only once connected: Netty closes a channel whose connect failed
        // before it fails the connect future, and the failure (refused, unresolvable host) must be
        // known when the waiting requests are failed.
        f.addListener(done -> {
            if (done.isSuccess()) {
                connected = true;
                log.debug("connected to {}", describe());
                if (owner.tls() == null) {
                    channel.closeFuture().addListener(closed -> onClosed());
                } else {
                    // an SslHandler closes the channel before it fires the TLS error (such as the broker's alert
                    // refusing this client's certificate): let that error arrive first, so that it is the cause
                    channel.closeFuture().addListener(closed -> channel.eventLoop().execute(this::onClosed));
                }
                SslHandler tls = channel.pipeline().get(SslHandler.class);
                if (tls == null) {
                    handshake();
                } else {
                    tls.handshakeFuture().addListener(shaken -> {
                        if (shaken.isSuccess()) {
                            handshake();
                        } else {
                            refuse(ClientTls.failure(shaken.cause(), describe(), owner.settings().security()));
                        }
                    });
                }
            } else {
                if (closeCause == null) {
                    closeCause = done.cause();
                }
                channel.close();
                onClosed();
            }
        });
    }

    /** Sends one request of the connection's opening (ApiVersions, SASL) ahead of every queued request. */
    private CompletableFuture<Frame> opening(ApiKey api, MessageLite message, short version) {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        PendingRequest r = new PendingRequest(owner.nextCorrelationId(), api, message, List.of(), handshakeTimeoutMs, answer, null);
        r.timeout = channel.eventLoop().schedule(() -> onTimeout(r), handshakeTimeoutMs, TimeUnit.MILLISECONDS);
        write(r, version);
        return answer;
    }

    /**
     * The opening failed. When the broker answered with an error (e.g. BROKER_NOT_AVAILABLE while it
     * starts, SASL_AUTHENTICATION_FAILED), the waiting requests were never sent, so they fail with that
     * error, retriable or not; otherwise the connection is lost.
     */
    private void openingFailed(Throwable error) {
        if (error instanceof BrookException be && (!be.isRetriable() || be.errorCode() != ErrorCode.NONE)) {
            refuse(be);
        } else {
            close(error);
        }
    }

    private void handshake() {
        opening(ApiKey.API_VERSIONS, HELLO, (short) 0).whenComplete((frame, error) -> {
            if (error != null) {
                openingFailed(error);
                return;
            }
            try {
                ApiVersionsResponse r = Messages.parse(ApiVersionsResponse.parser(), frame.message());
                if (r.getErrorCode() != ErrorCode.NONE) {
                    refuse(ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), null, -1, -1));
                    return;
                }
                versions = new BrokerVersions(r);
                authenticate();
            } catch (InvalidProtocolBufferException e) {
                refuse(new BrokerErrorException("unparseable ApiVersions response from broker " + describe() + ": "
                        + e.getMessage() + "; the broker and client disagree on the protocol", e));
            } finally {
                frame.release();
            }
        });
    }

    /** With {@code sasl.mechanism} set, runs the SASL exchange before any queued request is sent. */
    private void authenticate() {
        if (owner.settings().security().saslMechanism() == null) {
            ready = true;
            drain();
            return;
        }
        short handshake;
        short authenticate;
        try {
            handshake = versions.versionFor(ApiKey.SASL_HANDSHAKE, describe());
            authenticate = versions.versionFor(ApiKey.SASL_AUTHENTICATE, describe());
        } catch (BrookException e) {
            refuse(e);
            return;
        }
        new SaslExchange(owner.settings().security(), describe(),
                (api, message) -> opening(api, message, api == ApiKey.SASL_HANDSHAKE ? handshake : authenticate))
                .run().whenComplete((ok, error) -> {
                    if (error != null) {
                        openingFailed(Futures.unwrap(error));
                    } else if (!closed) {
                        ready = true;
                        drain();
                    }
                });
    }

    void enqueue(PendingRequest r) {
        if (closed) {
            r.fail(closedWith != null ? closedWith
                    : new ConnectionException("connection to broker " + describe() + " is closed"));
            return;
        }
        r.timeout = channel.eventLoop().schedule(() -> onTimeout(r), r.timeoutMs, TimeUnit.MILLISECONDS);
        waiting.add(r);
        drain();
    }

    private void drain() {
        while (ready && !closed && !waiting.isEmpty() && inFlight.size() < maxInFlight) {
            PendingRequest r = waiting.poll();
            short version;
            try {
                version = versions.versionFor(r.api, describe());
            } catch (BrookException e) {
                r.fail(e);
                continue;
            }
            long frameBytes = FrameLayout.MIN_REQUEST_BODY + owner.clientIdBytes().length
                    + (long) r.message.getSerializedSize() + r.payloadBytes();
            if (frameBytes > versions.maxFrameBytes()) {
                r.fail(new RecordTooLargeException(r.api + " request of " + frameBytes + " bytes exceeds the "
                        + versions.maxFrameBytes() + "-byte max.frame.bytes of broker " + describe()
                        + ": lower max.request.size (or batch.size), or raise max.frame.bytes on the broker"));
                continue;
            }
            write(r, version);
        }
    }

    private void write(PendingRequest r, short version) {
        if (r.expectsResponse()) {
            inFlight.put(r.correlationId, r);
        }
        OutboundFrame frame = OutboundFrame.request(r.api.id(), version, r.correlationId, owner.clientId(), r.message,
                r.payload);
        r.payload = null;
        channel.writeAndFlush(frame).addListener(done -> {
            if (!done.isSuccess()) {
                if (!r.expectsResponse() || inFlight.remove(r.correlationId) != null) {
                    r.fail(new ConnectionException("could not send " + r.api + " to broker " + describe() + ": "
                            + done.cause().getMessage(), done.cause()));
                }
                channel.close();
            } else if (!r.expectsResponse()) {
                r.completeWritten();
            }
        });
    }

    void onResponse(Frame frame) {
        PendingRequest r = inFlight.remove(frame.correlationId());
        if (r == null) {
            log.debug("dropping response {} from {}: its request timed out or was failed", frame, describe());
            frame.release();
            return;
        }
        if (frame.errorCode() != 0) {
            BrookException e = frameLevelError(frame);
            frame.release();
            r.fail(e);
        } else if (frame.apiKey() != r.api.id()) {
            frame.release();
            r.fail(new BrokerErrorException("broker " + describe() + " answered request " + r.correlationId + " (" + r.api
                    + ") with API key " + frame.apiKey() + ": protocol violation; report it"));
        } else {
            r.complete(frame);
        }
        drain();
    }

    private static BrookException frameLevelError(Frame frame) {
        try {
            ErrorResponse er = Messages.parse(ErrorResponse.parser(), frame.message());
            return ErrorMapping.frameError(frame.errorCode(), er.getErrorMessage());
        } catch (InvalidProtocolBufferException e) {
            return ErrorMapping.frameError(frame.errorCode(), "");
        }
    }

    void onFrameError(FrameError e) {
        PendingRequest r = e.correlationId() < 0 ? null : inFlight.remove(e.correlationId());
        if (r != null) {
            r.fail(new BrokerErrorException("unreadable response to " + r.api + " from broker " + describe() + ": "
                    + e.detail() + (e.kind() == FrameError.Kind.TOO_LARGE
                    ? "; lower the request's max bytes (fetch.max.bytes) so that responses fit" : "")));
        }
        if (e.fatal() || r == null) {
            close(new BrokerErrorException("unreadable response stream from broker " + describe() + ": " + e.detail()));
        } else {
            drain();
        }
    }

    void onException(Throwable cause) {
        if (owner.tls() != null && ClientTls.isTlsFailure(cause)) {
            refuse(ClientTls.failure(cause, describe(), owner.settings().security()));
        } else {
            close(cause);
        }
    }

    private void onTimeout(PendingRequest r) {
        r.timeout = null;
        TimeoutException e = new TimeoutException(r.api + " request to broker " + describe() + " got no response within "
                + r.timeoutMs + " ms (request.timeout.ms)" + (READ_ONLY.contains(r.api) ? "" : "; its effect is unknown"));
        if (waiting.remove(r)) {
            r.fail(e);
        } else if (!r.expectsResponse() || inFlight.remove(r.correlationId) != null) {
            // close first: the request's payload may still sit in the channel's outbound buffer, and its
            // owner reuses the bytes once the request has failed
            close(e);
            r.fail(e);
        }
    }

    private void refuse(BrookException cause) {
        refused = true;
        close(cause);
    }

    /** Closes the channel; outstanding requests fail with a {@link ConnectionException} naming {@code cause}. */
    void close(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        channel.close();
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        boolean wasConnected = connected;
        closed = true;
        connected = false;
        owner.removed(this);
        Throwable cause = closeCause;
        BrookException e;
        if (refused && cause instanceof BrookException be) {
            e = be;
        } else if (cause instanceof ConnectionException ce) {
            e = ce;
        } else if (wasConnected) {
            e = new ConnectionException("connection to broker " + describe() + " lost ("
                    + (cause == null ? "closed by the broker" : cause.getMessage())
                    + (versions != null ? ""
                            : owner.tls() == null ? " before it answered ApiVersions; if the broker requires TLS, connect with tls.enabled=true"
                            : " right after the TLS handshake; the broker may require a client certificate (tls.cert.file, "
                                    + "tls.key.file) signed by a CA it trusts")
                    + "); outstanding requests may or may not have taken effect", cause);
        } else {
            e = new ConnectionException(cannotConnect(cause), cause);
        }
        closedWith = e;
        log.debug("connection to {} closed: {}", describe(), e.getMessage());
        List<PendingRequest> all = new ArrayList<>(waiting);
        waiting.clear();
        all.addAll(inFlight.values());
        inFlight.clear();
        for (PendingRequest r : all) {
            r.fail(e);
        }
    }

    /** Why a connection could not be opened, in words that point at the fix. */
    private String cannotConnect(Throwable cause) {
        String prefix = "cannot connect to broker " + describe() + ": ";
        if (hasCause(cause, UnknownHostException.class)) {
            return prefix + "the host name '" + address.getHostString()
                    + "' does not resolve: check the spelling of bootstrap.servers and the name service";
        }
        if (hasCause(cause, ConnectException.class) && String.valueOf(cause.getMessage()).contains("refused")) {
            return prefix + "connection refused (nothing listens there): check that the broker is running and that "
                    + "bootstrap.servers names its listener";
        }
        return prefix + (cause == null ? "the connection closed before it was established" : cause.getMessage())
                + ": check that the broker is running and that bootstrap.servers names it";
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    InetSocketAddress address() {
        return address;
    }

    private String describe() {
        return address.getHostString() + ":" + address.getPort();
    }
}
