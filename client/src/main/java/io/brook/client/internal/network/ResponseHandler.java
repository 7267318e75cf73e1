package io.brook.client.internal.network;

import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.FrameError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** Hands decoded responses and decoding errors of one channel to its {@link Connection}. */
final class ResponseHandler extends ChannelInboundHandlerAdapter {

    private final Connection connection;

    ResponseHandler(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f) {
            connection.onResponse(f);
        } else if (msg instanceof FrameError e) {
            connection.onFrameError(e);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.onException(cause);
    }
}
