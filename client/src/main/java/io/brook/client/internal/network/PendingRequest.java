package io.brook.client.internal.network;

import com.google.protobuf.MessageLite;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.Frame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One request from the moment it is queued until it is answered, fails or times out. Its frame is
 * built when it is written, with the version agreed with the broker. Owned by the event loop of
 * its connection.
 */
final class PendingRequest {

    final int correlationId;
    final ApiKey api;
    final MessageLite message;
    final long timeoutMs;
    /** Completed with the response frame (which its receiver releases); null for one-way requests. */
    final CompletableFuture<Frame> response;
    /** Completed when written to the socket; null for requests expecting a response. */
    final CompletableFuture<Void> written;
    /** Until handed to the channel; then {@code null} (the encoder owns the parts). */
    List<Object> payload;
    ScheduledFuture<?> timeout;

    PendingRequest(int correlationId, ApiKey api, MessageLite message, List<Object> payload, long timeoutMs,
                   CompletableFuture<Frame> response, CompletableFuture<Void> written) {
        this.correlationId = correlationId;
        this.api = api;
        this.message = message;
        this.payload = payload;
        this.timeoutMs = timeoutMs;
        this.response = response;
        this.written = written;
    }

    boolean expectsResponse() {
        return response != null;
    }

    /** Bytes the payload adds to the frame. */
    long payloadBytes() {
        long n = 0;
        for (Object part : payload) {
            n += ((io.netty.buffer.ByteBuf) part).readableBytes();
        }
        return n;
    }

    /** Hands over the response frame; releases it when nobody can take it any more. */
    void complete(Frame f) {
        cancelTimeout();
        if (!response.complete(f)) {
            f.release();
        }
    }

    void completeWritten() {
        cancelTimeout();
        written.complete(null);
    }

    /** Fails the request and frees its payload if it was never written. */
    void fail(Throwable cause) {
        cancelTimeout();
        if (payload != null) {
            for (Object part : payload) {
                ReferenceCountUtil.safeRelease(part);
            }
            payload = null;
        }
        if (response != null) {
            response.completeExceptionally(cause);
        } else {
            written.completeExceptionally(cause);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
