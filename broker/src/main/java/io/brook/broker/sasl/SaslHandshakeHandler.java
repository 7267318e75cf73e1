package io.brook.broker.sasl;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.ConnectionPrincipal;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.SaslHandshakeRequest;
import io.brook.protocol.message.SaslHandshakeResponse;
import io.brook.protocol.security.scram.ScramMechanism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SaslHandshake: picks the mechanism of the connection's exchange among the enabled ones. A mechanism
 * that is not enabled gets UNSUPPORTED_SASL_MECHANISM with the list of those that are (the client may
 * ask again); a handshake on a connection that already authenticated, or in the middle of an
 * exchange, gets ILLEGAL_SASL_STATE and the connection is closed.
 */
public final class SaslHandshakeHandler implements ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SaslHandshakeHandler.class);

    private final ScramAuthenticator authenticator;

    public SaslHandshakeHandler(ScramAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        SaslHandshakeRequest req = Messages.parse(SaslHandshakeRequest.parser(), frame.message());
        SaslSession session = SaslSession.of(request.channel());
        SaslHandshakeResponse.Builder b = SaslHandshakeResponse.newBuilder().addAllEnabledMechanisms(authenticator.enabledNames());
        if (ConnectionPrincipal.authenticated(request.channel()) || session.step != SaslSession.Step.START) {
            LOG.warn("SaslHandshake from {} out of order (connection {}): refused, connection closed", request.channel().remoteAddress(),
                    ConnectionPrincipal.authenticated(request.channel()) ? "already authenticated" : "at " + session.step);
            session.fail();
            request.respond(b.setErrorCode(ErrorCode.ILLEGAL_SASL_STATE).setErrorMessage(
                    "SaslHandshake is allowed once, before the connection authenticates; re-authentication is not supported").build());
            request.closeConnectionAfterAnswer();
            return;
        }
        ScramMechanism mechanism = authenticator.enabled(req.getMechanism());
        if (mechanism == null) {
            request.respond(b.setErrorCode(ErrorCode.UNSUPPORTED_SASL_MECHANISM).setErrorMessage("SASL mechanism '" + req.getMechanism()
                    + "' is not enabled on this broker; enabled: " + String.join(", ", authenticator.enabledNames())).build());
            return;
        }
        session.mechanism = mechanism;
        session.step = SaslSession.Step.MECHANISM_CHOSEN;
        request.respond(b.setErrorCode(ErrorCode.NONE).build());
    }
}
