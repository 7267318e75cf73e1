package io.brook.broker.network;

import io.brook.protocol.frame.FrameDecoder;
import io.brook.protocol.frame.FrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server: native epoll transport when available, NIO otherwise, with two listeners on the
 * same event loops: the client listener and the peer listener (see {@link Listener} for which APIs each
 * serves). Pipeline per connection: on a TLS listener ({@link ListenerTls}) an {@code SslHandler}, a
 * {@link TlsHandshakeHandler} and a {@link FileRegionCopier} (no zero copy under TLS), then {@link FrameDecoder} (bounded by max.frame.bytes), {@link FrameEncoder},
 * {@link RequestDispatcher}.
 */
public final class BrokerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

    /** Broker-wide state the dispatcher consults. */
    public static final class State {
        private volatile boolean shuttingDown;
        private volatile boolean starting = true;
        private volatile boolean clientAuthenticationRequired;

        /**
         * Until {@link #started()}, only broker-to-broker requests (CONTROL, RAFT) are served; others
         * get the retriable BROKER_NOT_AVAILABLE.
         */
        public boolean starting() {
            return starting;
        }

        /** Every handler is installed: serve all APIs. Call after the last handler is put in the array. */
        public void started() {
            starting = false;
        }

        public boolean shuttingDown() {
            return shuttingDown;
        }

        public void shuttingDown(boolean v) {
            shuttingDown = v;
        }

        /**
         * Whether a client-listener connection must authenticate (see {@link ConnectionPrincipal})
         * before any API but ApiVersions, SaslHandshake and SaslAuthenticate is served.
         */
        public boolean clientAuthenticationRequired() {
            return clientAuthenticationRequired;
        }

        /** Requires client authentication from now on; call before {@link #started()}. */
        public void requireClientAuthentication() {
            clientAuthenticationRequired = true;
        }
    }

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;
    private final Channel peerChannel;
    /** Every open client connection, so that close() can close them before stopping the event loops. */
    private final ChannelGroup connections;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final State state = new State();
    private final RequestObserver observer;
    /** Open connections per listener, indexed by {@link Listener#ordinal()}. */
    private final java.util.concurrent.atomic.AtomicInteger[] open = {
        new java.util.concurrent.atomic.AtomicInteger(), new java.util.concurrent.atomic.AtomicInteger()};

    /**
     * Binds both listeners and starts serving.
     *
     * @param bind the client listener
     * @param peerBind the peer listener
     * @param handlers indexed by API key id; null entries are APIs not served (yet: entries may be
     *     filled in until {@link State#started()}, see {@link RequestDispatcher} for what requests
     *     get meanwhile)
     * @param peerAuthenticated whether a peer-listener connection has authenticated (CONTROL and RAFT are
     *     refused until it has); null when the peer listener requires no authentication
     */
    public BrokerServer(InetSocketAddress bind, InetSocketAddress peerBind, int threads, int maxFrameBytes, ApiHandler[] handlers,
            Predicate<Channel> peerAuthenticated) {
        this(bind, peerBind, threads, maxFrameBytes, handlers, peerAuthenticated, null, null);
    }

    /**
     * Binds both listeners and starts serving, with TLS on those that have a {@link ListenerTls}.
     *
     * @param clientTls TLS of the client listener; null: plain TCP
     * @param peerTls TLS of the peer listener; null: plain TCP
     * @see #BrokerServer(InetSocketAddress, InetSocketAddress, int, int, ApiHandler[], Predicate)
     */
    public BrokerServer(InetSocketAddress bind, InetSocketAddress peerBind, int threads, int maxFrameBytes, ApiHandler[] handlers,
            Predicate<Channel> peerAuthenticated, ListenerTls clientTls, ListenerTls peerTls) {
        this(bind, peerBind, threads, maxFrameBytes, handlers, peerAuthenticated, clientTls, peerTls, RequestObserver.NONE);
    }

    /**
     * Binds both listeners and starts serving, telling {@code observer} of every answered request.
     *
     * @see #BrokerServer(InetSocketAddress, InetSocketAddress, int, int, ApiHandler[], Predicate, ListenerTls, ListenerTls)
     */
    public BrokerServer(InetSocketAddress bind, InetSocketAddress peerBind, int threads, int maxFrameBytes, ApiHandler[] handlers,
            Predicate<Channel> peerAuthenticated, ListenerTls clientTls, ListenerTls peerTls, RequestObserver observer) {
        this.observer = observer;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        this.workerGroup = new MultiThreadIoEventLoopGroup(threads, io);
        this.connections = new DefaultChannelGroup("brook-connections", bossGroup.next());
        FrameEncoder encoder = new FrameEncoder();
        Channel client = null;
        try {
            client = bind(bootstrap(channelType, encoder, maxFrameBytes, handlers, Listener.CLIENT, null, clientTls), bind, "listener");
            this.peerChannel = bind(bootstrap(channelType, encoder, maxFrameBytes, handlers, Listener.PEER, peerAuthenticated, peerTls),
                    peerBind, "peer.listener");
        } catch (RuntimeException e) {
            if (client != null) {
                client.close().syncUninterruptibly();
            }
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.serverChannel = client;
        LOG.info("Listening on {} for clients{} and on {} for peers{} ({} transport{})", serverChannel.localAddress(),
                clientTls == null ? "" : " (TLS)", peerChannel.localAddress(), peerTls == null ? "" : " (mutual TLS)",
                epoll ? "epoll" : "nio", peerAuthenticated == null ? ", peers not authenticated" : "");
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> channelType, FrameEncoder encoder, int maxFrameBytes,
            ApiHandler[] handlers, Listener listener, Predicate<Channel> peerAuthenticated, ListenerTls tls) {
        return new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        java.util.concurrent.atomic.AtomicInteger count = open[listener.ordinal()];
                        count.incrementAndGet();
                        ch.closeFuture().addListener(f -> count.decrementAndGet());
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.context().get().newHandler(ch.alloc()));
                            ch.pipeline().addLast("tls-handshake", new TlsHandshakeHandler(listener, tls.principalFromCertificate()));
                            ch.pipeline().addLast("region-copier", FileRegionCopier.INSTANCE); // TLS cannot send a file region
                        }
                        ch.pipeline().addLast("decoder", new FrameDecoder(true, maxFrameBytes));
                        ch.pipeline().addLast("encoder", encoder);
                        ch.pipeline().addLast("dispatcher", new RequestDispatcher(handlers, inFlight, state, listener, peerAuthenticated,
                                observer));
                    }
                });
    }

    private static Channel bind(ServerBootstrap b, InetSocketAddress bind, String key) {
        try {
            InetSocketAddress resolved = new InetSocketAddress(bind.getHostString(), bind.getPort());
            return b.bind(resolved).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " (" + key + "): "
                    + e.getMessage(), e);
        }
    }

    /** The client listener's address (with the real port when port 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The peer listener's address. */
    public InetSocketAddress peerAddress() {
        return (InetSocketAddress) peerChannel.localAddress();
    }

    /** Connections open on {@code listener} now. */
    public int openConnections(Listener listener) {
        return open[listener.ordinal()].get();
    }

    public State state() {
        return state;
    }

    /**
     * Stops accepting client connections (existing ones keep being served). The peer listener stays
     * open: the controller quorum and leadership transfers still need it while the broker shuts down.
     */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Waits for in-flight requests to be answered. @return true when all were */
    public boolean awaitInFlight(long timeoutMs) throws InterruptedException {
        return inFlight.awaitDrained(timeoutMs);
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        peerChannel.close().syncUninterruptibly();
        // closed explicitly: shutting the event loops down does not reliably close (FIN) every socket,
        // and a client whose connection is left open waits for its request timeout
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
