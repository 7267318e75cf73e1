package io.brook.protocol.frame;

import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A frame to write: header fields, a protobuf message and payload parts ({@link ByteBuf}s or
 * {@link FileRegion}s, written in order after the message). The frame owns its payload parts until
 * {@link FrameEncoder} hands them to the channel; {@link #release()} frees them if it never gets there.
 *
 * <p>The frame is reference-counted so that Netty itself frees the payload on every path where a
 * written message is dropped before the encoder sees it: a write to a channel whose pipeline is
 * already torn down (the peer disconnected), a rejected event-loop task, a cancelled promise. Those
 * paths call {@code ReferenceCountUtil.release(msg)}, which would be a no-op on a plain object and
 * leak the buffers and the file descriptors of file regions.
 */
public final class OutboundFrame extends AbstractReferenceCounted {

    private static final byte[] NO_CLIENT_ID = new byte[0];

    final boolean request;
    final short apiKey;
    final short apiVersion;
    final int correlationId;
    final byte[] clientId;
    final short errorCode;
    final MessageLite message;
    final List<Object> payload;

    private OutboundFrame(boolean request, short apiKey, short apiVersion, int correlationId, byte[] clientId,
                          short errorCode, MessageLite message, List<Object> payload) {
        this.request = request;
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.correlationId = correlationId;
        this.clientId = clientId;
        this.errorCode = errorCode;
        this.message = message;
        this.payload = payload;
        for (Object part : payload) {
            if (!(part instanceof ByteBuf) && !(part instanceof FileRegion)) {
                // The caller handed the parts over with the call; a rejected frame must not leak them.
                release(payload);
                throw new IllegalArgumentException("payload parts must be ByteBuf or FileRegion, not "
                        + (part == null ? "null" : part.getClass().getName()));
            }
        }
    }

    /**
     * @param clientId may be {@code null}
     * @param payload ByteBufs or FileRegions, owned by the frame from now on (released even when this
     *     method throws)
     */
    public static OutboundFrame request(short apiKey, short apiVersion, int correlationId, String clientId,
                                        MessageLite message, List<Object> payload) {
        byte[] id = clientId == null ? null : clientId.getBytes(StandardCharsets.UTF_8);
        if (id != null && id.length > Short.MAX_VALUE) {
            release(payload);
            throw new IllegalArgumentException("client id longer than " + Short.MAX_VALUE + " bytes");
        }
        return new OutboundFrame(true, apiKey, apiVersion, correlationId, id == null ? NO_CLIENT_ID : id, (short) 0, message, payload);
    }

    /** A response; {@code errorCode} 0 unless {@code message} is a frame-level ErrorResponse. */
    public static OutboundFrame response(short apiKey, short apiVersion, int correlationId, short errorCode,
                                         MessageLite message, List<Object> payload) {
        return new OutboundFrame(false, apiKey, apiVersion, correlationId, null, errorCode, message, payload);
    }

    public int correlationId() {
        return correlationId;
    }

    public short apiKey() {
        return apiKey;
    }

    long payloadBytes() {
        long n = 0;
        for (Object part : payload) {
            n += part instanceof ByteBuf b ? b.readableBytes() : ((FileRegion) part).count() - ((FileRegion) part).transferred();
        }
        return n;
    }

    /** Releasing the last reference releases the payload parts (for frames that will never be written). */
    @Override
    protected void deallocate() {
        release(payload);
    }

    @Override
    public OutboundFrame touch(Object hint) {
        for (Object part : payload) {
            ReferenceCountUtil.touch(part, hint);
        }
        return this;
    }

    private static void release(List<Object> parts) {
        for (Object part : parts) {
            ReferenceCountUtil.safeRelease(part);
        }
    }
}
