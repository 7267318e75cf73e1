package io.brook.protocol.frame;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;

/**
 * Writes {@link OutboundFrame}s: one pooled buffer with the length, header and message, followed by
 * the payload parts as they are (file regions go to the socket with sendfile where available).
 * Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<OutboundFrame> {

    public FrameEncoder() {
        super(OutboundFrame.class);
    }

    /**
     * On success the payload parts go on to the channel, each retained once here to balance the
     * release of the frame (which would release its parts) that {@link MessageToMessageEncoder}
     * performs after every encode. On failure nothing is written and that same release frees the
     * parts.
     */
    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundFrame f, List<Object> out) {
        int messageSize = f.message.getSerializedSize();
        int headerSize = f.request
                ? FrameLayout.MIN_REQUEST_BODY + f.clientId.length
                : FrameLayout.RESPONSE_HEADER;
        long length = (long) headerSize + messageSize + f.payloadBytes();
        if (length > Integer.MAX_VALUE) {
            throw new EncoderException("frame of " + length + " bytes is too large to encode");
        }
        ByteBuf head = ctx.alloc().buffer(FrameLayout.LENGTH_FIELD + headerSize + messageSize);
        try {
            head.writeInt((int) length);
            if (f.request) {
                head.writeShort(f.apiKey).writeShort(f.apiVersion).writeInt(f.correlationId);
                head.writeShort(f.clientId.length == 0 ? -1 : f.clientId.length).writeBytes(f.clientId);
            } else {
                head.writeInt(f.correlationId).writeShort(f.apiKey).writeShort(f.apiVersion).writeShort(f.errorCode);
            }
            head.writeInt(messageSize);
            writeMessage(f, head, messageSize);
        } catch (RuntimeException | IOException e) {
            head.release();
            throw e instanceof RuntimeException re ? re : new EncoderException(e);
        }
        out.add(head);
        for (Object part : f.payload) {
            out.add(ReferenceCountUtil.retain(part));
        }
    }

    private static void writeMessage(OutboundFrame f, ByteBuf head, int messageSize) throws IOException {
        if (messageSize == 0) {
            return;
        }
        int at = head.writerIndex();
        head.ensureWritable(messageSize);
        CodedOutputStream cos = CodedOutputStream.newInstance(head.nioBuffer(at, messageSize));
        f.message.writeTo(cos);
        cos.flush();
        head.writerIndex(at + messageSize);
    }
}
