package io.brook.broker.network;

import com.google.protobuf.MessageLite;
import io.brook.protocol.frame.OutboundFrame;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request being served: who asked, and the way to answer exactly once. Safe to answer from any
 * thread (Netty hands the write to the channel's event loop).
 */
public final class RequestContext {

    private final Channel channel;
    private final short apiKey;
    private final short apiVersion;
    private final int correlationId;
    private final String clientId;
    private final InFlightRequests inFlight;
    private final RequestObserver observer;
    private final long receivedNanos;
    private final AtomicBoolean answered = new AtomicBoolean();

    RequestContext(Channel channel, short apiKey, short apiVersion, int correlationId, String clientId, InFlightRequests inFlight,
            RequestObserver observer) {
        this.observer = observer;
        this.receivedNanos = System.nanoTime();
        this.channel = channel;
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.correlationId = correlationId;
        this.clientId = clientId;
        this.inFlight = inFlight;
        inFlight.begin();
    }

    public Channel channel() {
        return channel;
    }

    /** Who sent the request (see {@link ConnectionPrincipal}). */
    public String principal() {
        return ConnectionPrincipal.of(channel);
    }

    public short apiVersion() {
        return apiVersion;
    }

    public int correlationId() {
        return correlationId;
    }

    public String clientId() {
        return clientId;
    }

    public void respond(MessageLite message) {
        respond(message, List.of());
    }

    /** Sends the response; {@code payload} parts (ByteBuf or FileRegion) are owned by the response from now on. */
    public void respond(MessageLite message, List<Object> payload) {
        if (!answered.compareAndSet(false, true)) {
            payload.forEach(ReferenceCountUtil::safeRelease);
            throw new IllegalStateException("request " + correlationId + " answered twice");
        }
        OutboundFrame frame = OutboundFrame.response(apiKey, apiVersion, correlationId, (short) 0, message, payload);
        observed(0);
        write(frame);
    }

    /** Answers with a frame-level error (the request could not be handled at all). */
    public void respondError(ErrorCode code, String message) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        ErrorResponse body = ErrorResponse.newBuilder().setErrorCode(code).setErrorMessage(message == null ? "" : message).build();
        observed(code.getNumber());
        write(OutboundFrame.response(apiKey, apiVersion, correlationId, (short) code.getNumber(), body, List.of()));
    }

    /** Ends the request without a response (produce with acks=0). */
    public void noResponse() {
        if (answered.compareAndSet(false, true)) {
            observed(0);
            inFlight.end();
        }
    }

    private void observed(int errorCode) {
        observer.answered(apiKey, errorCode, System.nanoTime() - receivedNanos);
    }

    /**
     * Closes the connection once everything written to it so far, this request's answer included, is
     * flushed: for a request whose answer ends the conversation (a failed authentication).
     */
    public void closeConnectionAfterAnswer() {
        channel.writeAndFlush(channel.alloc().buffer(0)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    public boolean answered() {
        return answered.get();
    }

    private void write(OutboundFrame frame) {
        if (!channel.isActive()) {
            frame.release();
            inFlight.end();
            return;
        }
        channel.writeAndFlush(frame).addListener(f -> inFlight.end());
    }
}
