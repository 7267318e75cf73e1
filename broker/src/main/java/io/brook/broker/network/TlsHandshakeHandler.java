package io.brook.broker.network;

import io.brook.protocol.security.tls.Principals;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@link SslHandler} of a TLS listener. When the handshake succeeds it names the
 * connection's principal after the client certificate's CN ({@code User:<CN>}) if the listener says
 * so and the client presented one; this happens before the handler passes on any request bytes, so
 * no request runs under the wrong principal. TLS failures (a plaintext client, an untrusted or
 * missing certificate) are logged in one line and close the connection instead of reaching the
 * dispatcher as stack traces. Runs on the connection's event loop.
 */
final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeHandler.class);

    private final Listener listener;
    private final boolean principalFromCertificate;

    TlsHandshakeHandler(Listener listener, boolean principalFromCertificate) {
        this.listener = listener;
        this.principalFromCertificate = principalFromCertificate;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                // the SslHandler sends its alert and closes the connection itself
                LOG.info("TLS handshake from {} on the {} listener failed: {}", ctx.channel().remoteAddress(), listener,
                        rootMessage(done.cause()));
            } else {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                Principals.peerPrincipal(tls).ifPresent(name -> {
                    LOG.debug("TLS connection from {} on the {} listener presented a certificate for {}", ctx.channel().remoteAddress(),
                            listener, name);
                    if (principalFromCertificate) {
                        ConnectionPrincipal.set(ctx.channel(), "User:" + name);
                    }
                });
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (sslFailure(cause)) {
            LOG.debug("TLS connection from {} on the {} listener failed: {}", ctx.channel().remoteAddress(), listener, rootMessage(cause));
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static boolean sslFailure(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause.getClass().getSimpleName() + ": " + root;
    }
}
