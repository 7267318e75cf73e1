package io.brook.broker.network;

import io.brook.protocol.security.tls.Principals;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * TLS on one listener of a {@link BrokerServer}.
 *
 * @param context the server context for a new connection, asked once per accepted connection (so a
 *     reloaded context reaches new connections only)
 * @param principalFromCertificate whether a client certificate, when the client presented one, names
 *     the connection's {@link ConnectionPrincipal} ({@code User:<CN>})
 */
public record ListenerTls(Supplier<SslContext> context, boolean principalFromCertificate) {

    public ListenerTls {
        Objects.requireNonNull(context, "context");
    }

    /**
     * Whether {@code channel} is a TLS connection whose handshake succeeded with a peer certificate:
     * under a context that requires client certificates, one that chains to its trust anchors. The
     * peer listener's authentication check under {@code peer.authentication=tls}.
     */
    public static boolean peerVerified(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls != null && tls.handshakeFuture().isSuccess() && Principals.peerCertificate(tls).isPresent();
    }
}
