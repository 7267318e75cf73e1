package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A TLS echo server on 127.0.0.1 and an ephemeral port, for tests: every connection takes the
 * context {@code contexts} gives at accept time and echoes what it reads. Each handshake's outcome
 * (with the client's principal, if it presented a certificate) is queued for the test.
 */
final class EchoServer implements AutoCloseable {

    /** How a server-side handshake ended. */
    record Handshake(boolean success, Optional<String> clientPrincipal, Throwable cause) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final Channel channel;

    private EchoServer(Supplier<SslContext> contexts) {
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler ssl = contexts.get().newHandler(ch.alloc());
                            ssl.handshakeFuture().addListener(f -> handshakes.add(f.isSuccess()
                                    ? new Handshake(true, Principals.peerPrincipal(ssl), null)
                                    : new Handshake(false, Optional.empty(), f.cause())));
                            ch.pipeline().addLast(ssl, new Echo());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    static EchoServer start(Supplier<SslContext> contexts) {
        return new EchoServer(contexts);
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The outcome of the next server-side handshake; fails the test if none ends within 30 s. */
    Handshake nextHandshake() throws InterruptedException {
        Handshake handshake = handshakes.poll(30, TimeUnit.SECONDS);
        assertThat(handshake).as("a server-side handshake outcome").isNotNull();
        return handshake;
    }

    @Override
    public void close() {
        try {
            channel.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Writes back what it reads; the write releases the buffer. Closes on any error. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
