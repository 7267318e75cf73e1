package io.brook.protocol.frame;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.buffer.ByteBuf;

/** Parsing protobuf messages out of frame slices. */
public final class Messages {

    private Messages() {}

    /**
     * Parses {@code buf}'s readable bytes without consuming them.
     *
     * @throws InvalidProtocolBufferException when the bytes are not a valid message of that type
     */
    public static <T extends MessageLite> T parse(Parser<T> parser, ByteBuf buf) throws InvalidProtocolBufferException {
        if (buf.nioBufferCount() == 1) {
            return parser.parseFrom(buf.nioBuffer());
        }
        byte[] copy = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), copy);
        return parser.parseFrom(copy);
    }
}
