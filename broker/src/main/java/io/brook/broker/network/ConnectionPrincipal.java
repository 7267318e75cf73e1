package io.brook.broker.network;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Who a client connection is, as authorization sees it: {@code User:<name>} once SASL authenticated
 * the connection, or from the client certificate's CN under mutual TLS; {@value #ANONYMOUS} otherwise.
 * Set at most once per connection, on its event loop, before any request that depends on it.
 */
public final class ConnectionPrincipal {

    /** The principal of a connection that did not authenticate. */
    public static final String ANONYMOUS = "User:ANONYMOUS";

    private static final AttributeKey<String> KEY = AttributeKey.valueOf("brook.principal");

    private ConnectionPrincipal() {
    }

    /** The connection's principal, {@value #ANONYMOUS} when it did not authenticate. */
    public static String of(Channel channel) {
        String p = channel.attr(KEY).get();
        return p == null ? ANONYMOUS : p;
    }

    /** Whether the connection authenticated (SASL or mutual TLS). */
    public static boolean authenticated(Channel channel) {
        return channel.attr(KEY).get() != null;
    }

    /**
     * Records who the connection authenticated as.
     *
     * @throws IllegalStateException when it already authenticated (re-authentication is not supported)
     */
    public static void set(Channel channel, String principal) {
        if (!channel.attr(KEY).compareAndSet(null, principal)) {
            throw new IllegalStateException("connection " + channel.remoteAddress() + " already authenticated as " + of(channel));
        }
    }
}
