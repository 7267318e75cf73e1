package io.brook.broker.api;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;

/**
 * Fetch: reads whole batches below each partition's high watermark and sends them with zero copy;
 * waits (long polling) up to max_wait_ms for min_bytes to accumulate. See {@link FetchOperation}.
 */
public final class FetchHandler implements ApiHandler {

    /** Longest a fetch may wait, whatever the client asks. */
    static final int MAX_WAIT_CAP_MS = 30_000;
    /** Response budget when the client sends max_bytes 0. */
    static final int DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

    private final BrokerContext broker;

    public FetchHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        FetchRequest req = Messages.parse(FetchRequest.parser(), frame.message());
        if (req.getMaxWaitMs() < 0 || req.getMinBytes() < 0 || req.getMaxBytes() < 0) {
            request.respond(FetchResponse.newBuilder().setErrorCode(io.brook.protocol.message.ErrorCode.INVALID_REQUEST)
                    .setErrorMessage("max_wait_ms, min_bytes and max_bytes must not be negative").build());
            return;
        }
        new FetchOperation(broker, request, req, request.channel().eventLoop()).start();
    }
}
