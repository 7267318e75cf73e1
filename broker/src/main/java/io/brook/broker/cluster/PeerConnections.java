package io.brook.broker.cluster;

import io.brook.broker.cluster.auth.PeerAuthenticator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** This broker's outbound connections to its peers, one per address, on a small event loop group. */
public final class PeerConnections implements AutoCloseable {

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final int maxFrameBytes;
    private final int localId;
    private final PeerAuthenticator authenticator;
    private final Supplier<SslContext> tls;
    private final Map<String, PeerConnection> connections = new ConcurrentHashMap<>();

    /**
     * @param authenticator runs PEER_AUTH on every new connection; null: peers are not authenticated
     *     by the cluster secret
     * @param tls the TLS context of every new connection (mutual TLS); null: plain TCP
     */
    public PeerConnections(int threads, int maxFrameBytes, int localId, PeerAuthenticator authenticator, Supplier<SslContext> tls) {
        this.authenticator = authenticator;
        this.tls = tls;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.maxFrameBytes = maxFrameBytes;
        this.localId = localId;
    }

    /** The connection to {@code host:port}, created on first use. */
    public PeerConnection to(String address) {
        return connections.computeIfAbsent(address, a -> new PeerConnection(a, group, channelType, maxFrameBytes, localId, authenticator, tls));
    }

    @Override
    public void close() {
        connections.values().forEach(PeerConnection::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
