package io.brook.broker.api;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One consumer-group API: parses the request and hands it to the coordinator service, which answers
 * (on its own thread, once what the request changed is committed) with the API's response, errors
 * included. Only a bug in the coordinator ends in a frame-level UNKNOWN_SERVER_ERROR.
 *
 * @param <Q> the request message
 */
public final class GroupApiHandler<Q extends MessageLite> implements ApiHandler {

    /** What serves the request: the request, the client's host and client id, to a future response. */
    @FunctionalInterface
    public interface Api<Q> {
        CompletableFuture<? extends MessageLite> serve(Q request, String clientHost, String clientId);
    }

    /** Whether the request's principal may make it: null, or the reason it may not (AUTHORIZATION_FAILED). */
    @FunctionalInterface
    public interface Gate<Q> {
        String refusal(RequestContext request, Q message);
    }

    private final Parser<Q> parser;
    private final Gate<Q> gate;
    private final Api<Q> api;

    public GroupApiHandler(Parser<Q> parser, Gate<Q> gate, Api<Q> api) {
        this.parser = parser;
        this.gate = gate;
        this.api = api;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        Q req = Messages.parse(parser, frame.message());
        String refusal = gate.refusal(request, req);
        if (refusal != null) {
            request.respondError(ErrorCode.AUTHORIZATION_FAILED, refusal);
            return;
        }
        api.serve(req, hostOf(request.channel().remoteAddress()), request.clientId() == null ? "" : request.clientId())
                .whenComplete((response, t) -> {
                    if (t != null) {
                        request.respondError(ErrorCode.UNKNOWN_SERVER_ERROR, "the group coordinator failed: " + t);
                    } else {
                        request.respond(response);
                    }
                });
    }

    private static String hostOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(address);
    }
}
