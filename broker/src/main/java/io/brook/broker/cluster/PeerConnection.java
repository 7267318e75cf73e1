package io.brook.broker.cluster;

import com.google.protobuf.MessageLite;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.FrameDecoder;
import io.brook.protocol.frame.FrameEncoder;
import io.brook.protocol.frame.FrameError;
import io.brook.protocol.frame.OutboundFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import io.brook.broker.cluster.auth.PeerAuthenticator;
import io.brook.broker.network.FileRegionCopier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound connection from this broker to a peer's peer listener, opened lazily and re-opened after
 * a failure. With a TLS context, the connection is TLS from its first byte: the peer's certificate must
 * chain to the context's trust anchors and name the host dialled (host name verification), and this
 * broker presents its own; nothing is sent before that handshake succeeds. With a
 * {@link PeerAuthenticator}, a new connection then carries nothing but the PEER_AUTH handshake until it
 * succeeds. A failed handshake closes the connection, and the requests waiting for it fail.
 * Requests are matched to responses by correlation id and time out; one-way frames (RAFT) expect no
 * response. Thread-safe.
 */
public final class PeerConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final Bootstrap bootstrap;
    private final String clientId;
    private final AtomicInteger correlation = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    private final PeerAuthenticator authenticator;
    /** The TLS context of a new connection; null: plain TCP. */
    private final Supplier<SslContext> tls;
    /** The last TLS failure logged as a warning, so that a peer that keeps failing the same way is not logged every retry. */
    private volatile String lastTlsFailure;
    /** The connection being opened, for close(). */
    private volatile ChannelFuture connecting;
    /** Done once the connection is open and, with an authenticator, authenticated. */
    private volatile ChannelFuture ready;
    private volatile boolean closed;
    private volatile boolean warnedRefusal;

    PeerConnection(String address, EventLoopGroup group, Class<? extends Channel> channelType, int maxFrameBytes, int localId,
            PeerAuthenticator authenticator, Supplier<SslContext> tls) {
        this.authenticator = authenticator;
        this.tls = tls;
        int colon = address.lastIndexOf(':');
        this.host = address.substring(0, colon);
        this.port = Integer.parseInt(address.substring(colon + 1));
        this.clientId = "broker-" + localId;
        this.bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.get().newHandler(ch.alloc(), host, port));
                            ch.pipeline().addLast("region-copier", FileRegionCopier.INSTANCE); // TLS cannot send a file region
                        }
                        ch.pipeline().addLast(new FrameDecoder(false, maxFrameBytes), new FrameEncoder(), new ResponseHandler());
                    }
                });
    }

    /**
     * The connected (and authenticated) channel's future, or that of the one being opened. A Netty
     * future, whose listeners run in the order they were added: frames queued while connecting keep
     * their order.
     */
    private ChannelFuture channel() {
        ChannelFuture f = ready;
        if (f != null && usable(f)) {
            return f;
        }
        synchronized (this) {
            f = ready;
            if (f == null || !usable(f)) {
                f = connect();
                ready = f;
            }
            return f;
        }
    }

    private static boolean usable(ChannelFuture f) {
        return !f.isDone() || (f.isSuccess() && f.channel().isActive());
    }

    private ChannelFuture connect() {
        ChannelFuture cf = bootstrap.connect(new InetSocketAddress(host, port));
        connecting = cf;
        if (authenticator == null && tls == null) {
            return cf;
        }
        Channel ch = cf.channel();
        ChannelPromise result = ch.newPromise();
        cf.addListener(c -> {
            if (!c.isSuccess()) {
                result.setFailure(c.cause());
            } else if (tls == null) {
                authenticate(ch, result);
            } else {
                SslHandler ssl = ch.pipeline().get(SslHandler.class);
                if (ssl == null) {
                    // closed right after it opened (a peer restarting, a cut link): the pipeline is already gone
                    result.setFailure(new java.io.IOException("connection to " + host + ":" + port + " closed before the TLS handshake"));
                    return;
                }
                ssl.handshakeFuture().addListener(h -> {
                    if (!h.isSuccess()) {
                        logTlsFailure(h.cause());
                        ch.close();
                        result.setFailure(h.cause());
                    } else if (authenticator == null) {
                        lastTlsFailure = null;
                        result.setSuccess();
                    } else {
                        lastTlsFailure = null;
                        authenticate(ch, result);
                    }
                });
            }
        });
        return result;
    }

    private void logTlsFailure(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.toString();
        if (root instanceof java.nio.channels.ClosedChannelException || root instanceof java.io.IOException) {
            // the connection went away during the handshake, not a certificate problem
            LOG.debug("TLS handshake with peer {}:{} interrupted: {}", host, port, message);
            return;
        }
        if (!message.equals(lastTlsFailure)) {
            lastTlsFailure = message;
            LOG.warn("TLS handshake with peer {}:{} failed: {} (does its certificate chain to tls.ca.file and name {} in its "
                    + "subject alternative names, and does it trust this broker's?)", host, port, message, host);
        } else {
            LOG.debug("TLS handshake with peer {}:{} failed again: {}", host, port, message);
        }
    }

    /** Runs PEER_AUTH on the open {@code ch}; completes {@code result} when it passed, fails it and closes ch otherwise. */
    private void authenticate(Channel ch, ChannelPromise result) {
        authenticator.handshake((api, message) -> send(ch, api, message, List.of(), HANDSHAKE_TIMEOUT), host + ":" + port)
                .whenComplete((v, t) -> {
                    if (t == null) {
                        result.setSuccess();
                    } else {
                        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
                        if (cause instanceof PeerAuthenticator.PeerAuthenticationException) {
                            LOG.warn("Peer connection to {}:{} not authenticated: {}", host, port, cause.getMessage());
                        } else {
                            // the connection failed during the handshake (a peer restarting, a cut link): retried as any
                            LOG.debug("Peer connection to {}:{} failed during authentication: {}", host, port, cause.toString());
                        }
                        ch.close();
                        result.setFailure(cause);
                    }
                });
    }

    /** Sends a request and completes with its response frame (which the caller releases). */
    public CompletableFuture<Frame> request(ApiKey api, MessageLite message, List<Object> payload, Duration timeout) {
        CompletableFuture<Frame> result = new CompletableFuture<>();
        if (closed) {
            payload.forEach(ReferenceCountUtil::safeRelease);
            result.completeExceptionally(new IllegalStateException("connection to " + host + ":" + port + " is closed"));
            return result;
        }
        ChannelFuture cf = channel();
        cf.addListener(c -> {
            if (!c.isSuccess()) {
                payload.forEach(ReferenceCountUtil::safeRelease);
                result.completeExceptionally(c.cause());
            } else {
                send(cf.channel(), api, message, payload, timeout).whenComplete((f, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else if (!result.complete(f)) {
                        f.release();
                    }
                });
            }
        });
        return result;
    }

    /** Sends a request on {@code ch} (connected, and authenticated unless this is the handshake). */
    private CompletableFuture<Frame> send(Channel ch, ApiKey api, MessageLite message, List<Object> payload, Duration timeout) {
        CompletableFuture<Frame> result = new CompletableFuture<>();
        int corr = correlation.incrementAndGet();
        pending.put(corr, result);
        OutboundFrame frame = OutboundFrame.request(api.id(), api.maxVersion(), corr, clientId, message, payload);
        ch.writeAndFlush(frame).addListener(w -> {
            if (!w.isSuccess()) {
                fail(corr, w.cause());
            }
        });
        ch.eventLoop().schedule(() -> fail(corr, new TimeoutException(api + " to " + host + ":" + port + " timed out after "
                + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ch.isActive()) {
            fail(corr, new java.io.IOException("connection to " + host + ":" + port + " closed"));
        }
        return result;
    }

    /**
     * Sends a frame that gets no response; {@code onWritten} learns whether it reached the socket.
     * The frame's payload parts are released in any case.
     */
    public void sendOneWay(ApiKey api, MessageLite message, List<Object> payload, Runnable onFailure) {
        if (closed) {
            payload.forEach(ReferenceCountUtil::safeRelease);
            onFailure.run();
            return;
        }
        ChannelFuture cf = channel();
        cf.addListener(c -> {
            if (!c.isSuccess()) {
                payload.forEach(ReferenceCountUtil::safeRelease);
                onFailure.run();
                return;
            }
            OutboundFrame frame = OutboundFrame.request(api.id(), api.maxVersion(), correlation.incrementAndGet(), clientId, message, payload);
            cf.channel().writeAndFlush(frame).addListener(w -> {
                if (!w.isSuccess()) {
                    onFailure.run();
                }
            });
        });
    }

    private void fail(int corr, Throwable cause) {
        CompletableFuture<Frame> f = pending.remove(corr);
        if (f != null) {
            f.completeExceptionally(cause);
        }
    }

    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Frame frame) {
                CompletableFuture<Frame> f = pending.remove(frame.correlationId());
                if (f == null && frame.errorCode() != 0 && !warnedRefusal) {
                    // a one-way RAFT frame was refused: a wrong peer address (a client listener) or no authentication
                    warnedRefusal = true;
                    LOG.warn("{}:{} refused a broker-to-broker frame with error code {}: does this address name the broker's "
                            + "peer.listener, with the same cluster secret?", host, port, frame.errorCode());
                }
                if (f == null || !f.complete(frame)) {
                    frame.release();
                }
            } else if (msg instanceof FrameError) {
                ctx.close();
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (Integer corr : pending.keySet()) {
                fail(corr, new java.io.IOException("connection to " + host + ":" + port + " closed"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        ChannelFuture f = connecting;
        if (f != null) {
            f.channel().close();
        }
        for (Integer corr : pending.keySet()) {
            fail(corr, new IllegalStateException("connection to " + host + ":" + port + " closed"));
        }
    }
}
