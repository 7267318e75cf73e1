package io.brook.client.internal.network;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.client.BrokerErrorException;
import io.brook.client.ConnectionException;
import io.brook.client.internal.ClientSettings;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Request/response transport of one client instance: one Netty event loop (epoll when available,
 * NIO otherwise), one lazily opened connection per broker address that starts with ApiVersions
 * (each request then goes out with the highest version both sides speak, and only if it fits the
 * broker's frame limit; over TLS when the settings say so), correlation of responses to requests, per-request timeouts ({@link io.brook.client.TimeoutException}) and failure of
 * outstanding requests with a retriable {@link ConnectionException} when a connection is lost.
 *
 * <p>Thread safety: the methods may be called from any thread; all connection state is owned by
 * the single event loop thread, and futures complete on it, so their callbacks must not block.
 * Whoever receives a response {@link Frame} releases it.
 */
public final class NetworkClient implements AutoCloseable {

    private final ClientSettings settings;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    /** The TLS context of every connection; null: plain TCP. */
    private final SslContext tls;
    private final Map<InetSocketAddress, Connection> connections = new HashMap<>();
    private final byte[] clientIdBytes;
    private int nextCorrelationId;
    private volatile boolean closed;

    /**
     * @throws io.brook.client.InvalidConfigException when TLS is on and its files cannot be used
     */
    public NetworkClient(ClientSettings settings) {
        this.settings = settings;
        // first: a bad TLS file fails the constructor before any thread is started
        this.tls = settings.security().tlsEnabled() ? ClientTls.context(settings.security()) : null;
        this.clientIdBytes = settings.clientId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory(settings.threadPrefix() + "-io", true);
        this.group = new MultiThreadIoEventLoopGroup(1, threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.requestTimeoutMs());
    }

    /** The thread every callback of this client runs on; use it to schedule work that touches loop-owned state. */
    public EventLoop eventLoop() {
        return loop;
    }

    public ClientSettings settings() {
        return settings;
    }

    /** The TLS context of new connections, or null when they are plain TCP. */
    SslContext tls() {
        return tls;
    }

    /**
     * Sends a request and completes with its response frame, which the receiver must release.
     * Fails with a frame-level error mapped to its exception, {@link io.brook.client.TimeoutException}
     * after {@code timeoutMs}, or {@link ConnectionException}.
     *
     * @param payload ByteBufs owned by the request from now on (released whatever happens)
     */
    public CompletableFuture<Frame> send(InetSocketAddress broker, ApiKey api, MessageLite message, List<Object> payload,
                                         long timeoutMs) {
        CompletableFuture<Frame> response = new CompletableFuture<>();
        submit(broker, api, message, payload, timeoutMs, response, null);
        return response;
    }

    /**
     * Sends a request the broker does not answer (produce with acks=0); completes once it is
     * written to the socket.
     */
    public CompletableFuture<Void> sendOneWay(InetSocketAddress broker, ApiKey api, MessageLite message,
                                              List<Object> payload, long timeoutMs) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        submit(broker, api, message, payload, timeoutMs, null, written);
        return written;
    }

    /** Sends a request without payload and parses the response message (releasing the frame). */
    public <T extends MessageLite> CompletableFuture<T> call(InetSocketAddress broker, ApiKey api, MessageLite message, Parser<T> parser,
                                         long timeoutMs) {
        return send(broker, api, message, List.of(), timeoutMs).thenApply(frame -> parse(frame, parser, api, broker));
    }

    /** Parses a response frame's message and releases the frame. */
    static <T extends MessageLite> T parse(Frame frame, Parser<T> parser, ApiKey api, Object broker) {
        try {
            return Messages.parse(parser, frame.message());
        } catch (InvalidProtocolBufferException e) {
            throw new BrokerErrorException("unparseable " + api + " response from " + broker + ": " + e.getMessage()
                    + "; the broker and client disagree on the protocol", e);
        } finally {
            frame.release();
        }
    }

    private void submit(InetSocketAddress broker, ApiKey api, MessageLite message, List<Object> payload, long timeoutMs,
                        CompletableFuture<Frame> response, CompletableFuture<Void> written) {
        if (loop.inEventLoop()) {
            doSubmit(broker, api, message, payload, timeoutMs, response, written);
            return;
        }
        try {
            loop.execute(() -> doSubmit(broker, api, message, payload, timeoutMs, response, written));
        } catch (RejectedExecutionException e) {
            release(payload);
            (response != null ? response : written).completeExceptionally(closedException());
        }
    }

    private void doSubmit(InetSocketAddress broker, ApiKey api, MessageLite message, List<Object> payload, long timeoutMs,
                          CompletableFuture<Frame> response, CompletableFuture<Void> written) {
        if (closed) {
            release(payload);
            (response != null ? response : written).completeExceptionally(closedException());
            return;
        }
        PendingRequest r = new PendingRequest(nextCorrelationId(), api, message, payload, timeoutMs, response, written);
        Connection c = connections.get(broker);
        if (c == null) {
            c = new Connection(this, broker, settings.maxInFlightPerConnection(), settings.requestTimeoutMs());
            connections.put(broker, c);
            c.connect(bootstrap, settings.maxResponseBytes());
        }
        c.enqueue(r);
    }

    private static void release(List<Object> payload) {
        for (Object part : payload) {
            io.netty.util.ReferenceCountUtil.safeRelease(part);
        }
    }

    private static ConnectionException closedException() {
        return new ConnectionException("the client is closed");
    }

    /** A fresh correlation id (event loop only). */
    int nextCorrelationId() {
        return nextCorrelationId++;
    }

    String clientId() {
        return settings.clientId();
    }

    /** The client id as sent in request headers. */
    byte[] clientIdBytes() {
        return clientIdBytes;
    }

    void removed(Connection c) {
        connections.remove(c.address(), c);
    }

    /**
     * Fails every outstanding request, closes the connections and stops the event loop, waiting a
     * bounded time for it unless called from the loop itself. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.execute(() -> {
                for (Connection c : new ArrayList<>(connections.values())) {
                    c.close(closedException());
                }
            });
        } catch (RejectedExecutionException ignored) {
            // already shutting down
        }
        io.netty.util.concurrent.Future<?> shutdown = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!loop.inEventLoop()) {
            shutdown.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
