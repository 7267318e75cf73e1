package io.brook.broker.sasl;

import com.google.protobuf.ByteString;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.ConnectionPrincipal;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.SaslAuthenticateRequest;
import io.brook.protocol.message.SaslAuthenticateResponse;
import io.brook.protocol.security.scram.ScramException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SaslAuthenticate: one step of the connection's SCRAM exchange. The first answers the client-first
 * message with the server-first (salt and iteration count of the user, or of a decoy for an unknown
 * user); the second checks the client's proof and, when it is valid, answers with the server's
 * signature and makes the connection {@code User:<name>}. A failed step gets SASL_AUTHENTICATION_FAILED
 * (the same message for an unknown user as for a wrong password), is logged at WARN with the remote
 * address and the user name asked for, and closes the connection; a step out of order (before the
 * handshake, after success) gets ILLEGAL_SASL_STATE and closes it too.
 */
public final class SaslAuthenticateHandler implements ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SaslAuthenticateHandler.class);

    private final ScramAuthenticator authenticator;

    public SaslAuthenticateHandler(ScramAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        SaslAuthenticateRequest req = Messages.parse(SaslAuthenticateRequest.parser(), frame.message());
        SaslSession session = SaslSession.of(request.channel());
        if (ConnectionPrincipal.authenticated(request.channel())
                || (session.step != SaslSession.Step.MECHANISM_CHOSEN && session.step != SaslSession.Step.FIRST_ANSWERED)) {
            SaslSession.Step was = session.step;
            if (session.fail()) {
                LOG.warn("SaslAuthenticate from {} out of order (at {}): refused, connection closed", request.channel().remoteAddress(), was);
            }
            refuse(request, ErrorCode.ILLEGAL_SASL_STATE, was == SaslSession.Step.START
                    ? "SaslAuthenticate before SaslHandshake: pick a mechanism first"
                    : "SaslAuthenticate after the exchange ended; re-authentication is not supported");
            return;
        }
        byte[] in = req.getAuthBytes().toByteArray();
        try {
            byte[] out;
            if (session.step == SaslSession.Step.MECHANISM_CHOSEN) {
                session.server = authenticator.newExchange(session.mechanism, (name, mechanism) -> {
                    session.claimedUser = name;
                    return authenticator.find(name, mechanism);
                });
                out = session.server.serverFirst(in);
                session.step = SaslSession.Step.FIRST_ANSWERED;
            } else {
                out = session.server.serverFinal(in);
                String user = session.server.username();
                ConnectionPrincipal.set(request.channel(), "User:" + user);
                session.step = SaslSession.Step.DONE;
                session.server = null;
                LOG.debug("Connection {} authenticated as User:{} ({})", request.channel().remoteAddress(), user,
                        session.mechanism.mechanismName());
            }
            request.respond(SaslAuthenticateResponse.newBuilder().setErrorCode(ErrorCode.NONE).setAuthBytes(ByteString.copyFrom(out)).build());
        } catch (ScramException e) {
            if (session.fail()) {
                LOG.warn("SASL {} authentication from {} as user '{}' failed: {} ({}); connection closed", session.mechanism.mechanismName(),
                        request.channel().remoteAddress(), session.claimedUser == null ? "(not named)" : session.claimedUser,
                        e.getMessage(), e.reason());
            }
            refuse(request, ErrorCode.SASL_AUTHENTICATION_FAILED, e.getMessage());
        }
    }

    private static void refuse(RequestContext request, ErrorCode code, String message) {
        request.respond(SaslAuthenticateResponse.newBuilder().setErrorCode(code).setErrorMessage(message).build());
        request.closeConnectionAfterAnswer();
    }
}
