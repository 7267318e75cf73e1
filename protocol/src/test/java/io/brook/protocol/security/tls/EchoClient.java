package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Dials TLS connections to an {@link EchoServer} from one event loop; {@link #close()} stops it. */
final class EchoClient implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    /** Connects to {@code port} on 127.0.0.1, verifying the server as the host {@value #HOST}. */
    Connection connect(SslContext context, int port) {
        Reader reader = new Reader();
        SslHandler[] ssl = new SslHandler[1];
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ssl[0] = context.newHandler(ch.alloc(), HOST, port);
                        ch.pipeline().addLast(ssl[0], reader);
                    }
                })
                .connect(HOST, port).syncUninterruptibly().channel();
        return new Connection(channel, ssl[0], reader);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection: its channel, its TLS handler and what it has read. */
    record Connection(Channel channel, SslHandler ssl, Reader reader) {

        /** Waits (up to 30 s) for the client side of the handshake; true when it succeeded. */
        boolean handshakeSucceeded() {
            assertThat(ssl.handshakeFuture().awaitUninterruptibly(30, TimeUnit.SECONDS))
                    .as("client handshake finished").isTrue();
            return ssl.handshakeFuture().isSuccess();
        }

        /** Why the client side of the handshake failed (printed, so a report shows the reason); fails if it did not. */
        Throwable handshakeFailure() {
            assertThat(handshakeSucceeded()).as("client handshake succeeded").isFalse();
            Throwable cause = ssl.handshakeFuture().cause();
            System.out.println("client handshake refused: " + cause);
            return cause;
        }

        /** The certificate the server presented (after a successful handshake). */
        X509Certificate serverCertificate() {
            assertThat(handshakeSucceeded()).as("client handshake succeeded").isTrue();
            return Principals.peerCertificate(ssl).orElseThrow();
        }

        /**
         * Sends {@code text} and waits (up to 30 s) for it to come back: empty when the handshake
         * failed or the connection closed first.
         */
        Optional<String> tryEcho(String text) throws InterruptedException, ExecutionException, TimeoutException {
            if (!handshakeSucceeded()) {
                return Optional.empty();
            }
            CompletableFuture<String> reply = reader.expect(text.length());
            channel.closeFuture().addListener(f -> reply.complete(null));
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
            return Optional.ofNullable(reply.get(30, TimeUnit.SECONDS));
        }

        /** Sends {@code text} and returns what came back, failing the test if nothing did. */
        String echo(String text) throws InterruptedException, ExecutionException, TimeoutException {
            return tryEcho(text).orElseThrow(() -> new AssertionError("the connection closed instead of echoing"));
        }
    }

    /** Collects echoed bytes until the expected number arrived; the base class releases each buffer. */
    static final class Reader extends SimpleChannelInboundHandler<ByteBuf> {
        private final StringBuilder received = new StringBuilder();
        private volatile CompletableFuture<String> pending;
        private volatile int expected;

        private CompletableFuture<String> expect(int length) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            expected = length;
            pending = reply;
            return reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            received.append(msg.toString(StandardCharsets.US_ASCII));
            CompletableFuture<String> reply = pending;
            if (reply != null && received.length() >= expected) {
                reply.complete(received.toString());
                received.setLength(0);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
