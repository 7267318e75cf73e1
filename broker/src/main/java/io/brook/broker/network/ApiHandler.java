package io.brook.broker.network;

import io.brook.protocol.frame.Frame;

/**
 * Serves one API. Called on the connection's event loop; must not block. The frame is released by
 * the caller when {@code handle} returns: a handler that answers later retains what it still needs
 * (e.g. the payload).
 */
public interface ApiHandler {

    /**
     * @throws com.google.protobuf.InvalidProtocolBufferException when the message does not parse (the
     *     dispatcher answers MALFORMED_REQUEST)
     */
    void handle(RequestContext request, Frame frame) throws Exception;
}
