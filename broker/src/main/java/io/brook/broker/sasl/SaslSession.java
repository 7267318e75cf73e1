package io.brook.broker.sasl;

import io.brook.protocol.security.scram.ScramMechanism;
import io.brook.protocol.security.scram.ScramServer;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Where one connection is in its SASL exchange, kept as a channel attribute:
 *
 * <pre>
 * START --SaslHandshake(enabled mechanism)--> MECHANISM_CHOSEN --SaslAuthenticate(client-first)--> FIRST_ANSWERED
 * FIRST_ANSWERED --SaslAuthenticate(client-final, valid proof)--> DONE (principal set)
 * any failure --> FAILED (answered, connection closed)
 * </pre>
 *
 * A handshake naming a mechanism that is not enabled leaves the session at START, so the client
 * may ask for another. Owned by the connection's event loop: only the SASL handlers, which run on
 * it, touch it.
 */
final class SaslSession {

    enum Step { START, MECHANISM_CHOSEN, FIRST_ANSWERED, DONE, FAILED }

    private static final AttributeKey<SaslSession> KEY = AttributeKey.valueOf("brook.sasl.session");

    Step step = Step.START;
    ScramMechanism mechanism;
    ScramServer server;
    /** The user name the client-first message named, once the exchange has looked it up. */
    String claimedUser;
    private boolean failureLogged;

    private SaslSession() {
    }

    /** The session of {@code channel}, created at its first SASL request. */
    static SaslSession of(Channel channel) {
        SaslSession s = channel.attr(KEY).get();
        if (s == null) {
            s = new SaslSession();
            channel.attr(KEY).set(s);
        }
        return s;
    }

    /** Marks the session failed; returns true the first time, so that a connection logs one failure. */
    boolean fail() {
        step = Step.FAILED;
        server = null;
        boolean first = !failureLogged;
        failureLogged = true;
        return first;
    }
}
