package io.brook.broker;

import io.brook.protocol.security.tls.SslContexts;
import io.brook.protocol.security.tls.TlsOptions;
import io.brook.testsupport.RawConnection;
import io.netty.handler.ssl.JdkSslContext;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Raw frame connections over TLS, for tests that speak to a TLS listener byte by byte. */
final class TlsRawConnections {

    private TlsRawConnections() {
    }

    /**
     * A connection over TLS with the JDK's provider, trusting and presenting what {@code options} say
     * (host names are not verified: this is a test's raw client). Returns once this side finished the
     * handshake; under TLS 1.3 the broker may still refuse the client's certificate afterwards, which
     * the next read then shows.
     */
    static RawConnection overTls(int port, TlsOptions options) throws IOException {
        SSLContext context = ((JdkSslContext) SslContexts.forClient(options.withPreferOpenSsl(false))).context();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket();
        RawConnection.connect(tls, port);
        tls.startHandshake();
        return RawConnection.over(tls);
    }
}
