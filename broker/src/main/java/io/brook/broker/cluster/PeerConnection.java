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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
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

/**
 * One outbound connection from this broker to a peer, opened lazily and re-opened after a failure.
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
    private volatile ChannelFuture connecting;
    private volatile boolean closed;

    PeerConnection(String address, EventLoopGroup group, Class<? extends Channel> channelType, int maxFrameBytes, int localId) {
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
                        ch.pipeline().addLast(new FrameDecoder(false, maxFrameBytes), new FrameEncoder(), new ResponseHandler());
                    }
                });
    }

    /** The connected (or connecting) channel's future. */
    private ChannelFuture channel() {
        ChannelFuture f = connecting;
        if (f != null && (!f.isDone() || (f.isSuccess() && f.channel().isActive()))) {
            return f;
        }
        synchronized (this) {
            f = connecting;
            if (f == null || (f.isDone() && (!f.isSuccess() || !f.channel().isActive()))) {
                f = bootstrap.connect(new InetSocketAddress(host, port));
                connecting = f;
            }
            return f;
        }
    }

    /** Sends a request and completes with its response frame (which the caller releases). */
    public CompletableFuture<Frame> request(ApiKey api, MessageLite message, List<Object> payload, Duration timeout) {
        CompletableFuture<Frame> result = new CompletableFuture<>();
        if (closed) {
            payload.forEach(ReferenceCountUtil::safeRelease);
            result.completeExceptionally(new IllegalStateException("connection to " + host + ":" + port + " is closed"));
            return result;
        }
        int corr = correlation.incrementAndGet();
        pending.put(corr, result);
        OutboundFrame frame = OutboundFrame.request(api.id(), api.maxVersion(), corr, clientId, message, payload);
        ChannelFuture cf = channel();
        cf.addListener(c -> {
            if (!c.isSuccess()) {
                frame.release();
                fail(corr, c.cause());
                return;
            }
            Channel ch = cf.channel();
            ch.writeAndFlush(frame).addListener(w -> {
                if (!w.isSuccess()) {
                    fail(corr, w.cause());
                }
            });
            ch.eventLoop().schedule(() -> fail(corr, new TimeoutException(api + " to " + host + ":" + port + " timed out after "
                    + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        });
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
        OutboundFrame frame = OutboundFrame.request(api.id(), api.maxVersion(), correlation.incrementAndGet(), clientId, message, payload);
        ChannelFuture cf = channel();
        cf.addListener(c -> {
            if (!c.isSuccess()) {
                frame.release();
                onFailure.run();
                return;
            }
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
