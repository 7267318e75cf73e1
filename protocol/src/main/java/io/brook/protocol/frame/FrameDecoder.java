package io.brook.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a byte stream into {@link Frame}s. The length prefix is checked against the maximum before
 * anything is allocated for the body; an oversized frame is reported as {@link FrameError} and its
 * bytes are skipped as they arrive, never buffered. Header fields are bounds-checked against the
 * frame length. The decoder never throws for malformed input: everything is reported as a
 * {@link FrameError}, after a fatal one the rest of the stream is dropped.
 *
 * <p>One instance per channel (it keeps the discard state).
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final boolean requests;
    private final int maxFrameBytes;
    private long discarding;
    private boolean broken;

    /**
     * @param requests true on the broker side (decodes requests), false on the client side
     */
    public FrameDecoder(boolean requests, int maxFrameBytes) {
        this.requests = requests;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (discarding > 0) {
            int n = (int) Math.min(discarding, in.readableBytes());
            in.skipBytes(n);
            discarding -= n;
            if (discarding > 0) {
                return;
            }
        }
        if (in.readableBytes() < FrameLayout.LENGTH_FIELD) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        int minBody = requests ? FrameLayout.MIN_REQUEST_BODY : FrameLayout.RESPONSE_HEADER;
        if (length < minBody) {
            broken = true;
            in.skipBytes(in.readableBytes());
            out.add(new FrameError(FrameError.Kind.BAD_LENGTH, -1, (short) -1, (short) -1, length,
                    "frame length " + length + " is smaller than the " + minBody + "-byte header"));
            return;
        }
        if (length > maxFrameBytes) {
            if (in.readableBytes() < FrameLayout.LENGTH_FIELD + FrameLayout.REQUEST_ID_PREFIX) {
                return;
            }
            short key;
            short version;
            int correlationId;
            if (requests) {
                key = in.getShort(start + 4);
                version = in.getShort(start + 6);
                correlationId = in.getInt(start + 8);
            } else {
                correlationId = in.getInt(start + 4);
                key = in.getShort(start + 8);
                version = in.getShort(start + 10);
            }
            in.skipBytes(FrameLayout.LENGTH_FIELD);
            discarding = length;
            int n = (int) Math.min(discarding, in.readableBytes());
            in.skipBytes(n);
            discarding -= n;
            out.add(new FrameError(FrameError.Kind.TOO_LARGE, correlationId, key, version, length,
                    "frame of " + length + " bytes exceeds the maximum of " + maxFrameBytes));
            return;
        }
        // Subtract rather than add: LENGTH_FIELD + length overflows when maxFrameBytes is near
        // Integer.MAX_VALUE, which would make a partial frame look complete.
        if (in.readableBytes() - FrameLayout.LENGTH_FIELD < length) {
            return;
        }
        in.skipBytes(FrameLayout.LENGTH_FIELD);
        ByteBuf body = in.readRetainedSlice(length);
        Object decoded = requests ? decodeRequest(body, length) : decodeResponse(body, length);
        if (decoded instanceof FrameError) {
            body.release();
        }
        out.add(decoded);
    }

    private static Object decodeRequest(ByteBuf body, int length) {
        short key = body.getShort(0);
        short version = body.getShort(2);
        int correlationId = body.getInt(4);
        int clientIdLength = body.getShort(8);
        int pos = 10;
        String clientId = null;
        if (clientIdLength < -1 || (clientIdLength > 0 && pos + clientIdLength + 4 > length)) {
            return malformed(correlationId, key, version, length, "client id length " + clientIdLength + " does not fit the frame");
        }
        if (clientIdLength > 0) {
            clientId = body.toString(pos, clientIdLength, StandardCharsets.UTF_8);
            pos += clientIdLength;
        }
        return split(true, body, length, pos, key, version, correlationId, clientId, (short) 0);
    }

    private static Object decodeResponse(ByteBuf body, int length) {
        int correlationId = body.getInt(0);
        short key = body.getShort(4);
        short version = body.getShort(6);
        short error = body.getShort(8);
        return split(false, body, length, 10, key, version, correlationId, null, error);
    }

    private static Object split(boolean request, ByteBuf body, int length, int pos, short key, short version,
                                int correlationId, String clientId, short error) {
        int messageLength = body.getInt(pos);
        pos += 4;
        if (messageLength < 0 || messageLength > length - pos) {
            return malformed(correlationId, key, version, length, "message length " + messageLength + " does not fit the frame");
        }
        ByteBuf message = body.slice(pos, messageLength);
        ByteBuf payload = body.slice(pos + messageLength, length - pos - messageLength);
        return new Frame(request, key, version, correlationId, clientId, error, body, message, payload);
    }

    private static FrameError malformed(int correlationId, short key, short version, int length, String detail) {
        return new FrameError(FrameError.Kind.MALFORMED, correlationId, key, version, length, detail);
    }
}
