package io.brook.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One decoded frame: header fields plus slices of the protobuf message and the payload. It owns a
 * retained slice of the frame body; whoever receives it releases it (payload slices handed on must
 * be retained first).
 */
public final class Frame extends AbstractReferenceCounted {

    private final boolean request;
    private final short apiKey;
    private final short apiVersion;
    private final int correlationId;
    private final String clientId;
    private final short errorCode;
    private final ByteBuf body;
    private final ByteBuf message;
    private final ByteBuf payload;

    Frame(boolean request, short apiKey, short apiVersion, int correlationId, String clientId, short errorCode,
          ByteBuf body, ByteBuf message, ByteBuf payload) {
        this.request = request;
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.correlationId = correlationId;
        this.clientId = clientId;
        this.errorCode = errorCode;
        this.body = body;
        this.message = message;
        this.payload = payload;
    }

    public boolean isRequest() {
        return request;
    }

    /** The raw API key; it may name no known API. */
    public short apiKey() {
        return apiKey;
    }

    public short apiVersion() {
        return apiVersion;
    }

    public int correlationId() {
        return correlationId;
    }

    /** Requests only; {@code null} when the client sent none. */
    public String clientId() {
        return clientId;
    }

    /** Responses only: 0, or the frame-level error (the message is then an ErrorResponse). */
    public short errorCode() {
        return errorCode;
    }

    /** The protobuf message bytes (a slice of the body; do not release separately). */
    public ByteBuf message() {
        return message;
    }

    /** The payload bytes (a slice of the body; retain to keep beyond this frame). */
    public ByteBuf payload() {
        return payload;
    }

    @Override
    protected void deallocate() {
        body.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return (request ? "Request" : "Response") + "Frame(api=" + apiKey + "v" + apiVersion + ", corr=" + correlationId
                + ", message=" + message.readableBytes() + "B, payload=" + payload.readableBytes() + "B)";
    }
}
