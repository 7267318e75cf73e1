package io.brook.protocol.security.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Netty {@link SslContext}s from {@link TlsOptions}: TLSv1.3 and TLSv1.2 only; the OpenSSL
 * provider when preferred and available, else the JDK's (the choice is logged once per process).
 *
 * <p>A client context verifies the server's host name ({@code HTTPS} endpoint identification)
 * unless {@link TlsOptions#verifyHostname()} is off. The check needs the host the client dialled:
 * create the handler with {@code context.newHandler(alloc, host, port)}, never the overload
 * without a host, which would fail every handshake. A server context asks for client certificates
 * as {@link TlsOptions#clientAuth()} says and does not check client host names; a client is named
 * by its certificate ({@link Principals}).
 *
 * <p>OpenSSL contexts are built with {@link SslProvider#OPENSSL}, not the reference-counted kind, so
 * no context needs releasing: a replaced one is collected once its last connection is gone.
 */
public final class SslContexts {

    private static final Logger LOG = LoggerFactory.getLogger(SslContexts.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Set<String> LOGGED_CHOICES = ConcurrentHashMap.newKeySet();

    private SslContexts() {
    }

    /**
     * A server context from the options' key, chain and (for client authentication) CA file.
     *
     * @throws TlsConfigException when the options have no key, or a file is missing, damaged or
     *     does not match the others
     */
    public static SslContext forServer(TlsOptions options) {
        return build(options, true, TlsMaterial.parse(TlsFiles.read(options)));
    }

    /**
     * A client context that trusts the options' CA file (the JDK's default trust store when there is
     * none) and presents the options' key and chain, if any, to servers that ask.
     *
     * @throws TlsConfigException when a file is missing, damaged or does not match the others
     */
    public static SslContext forClient(TlsOptions options) {
        return build(options, false, TlsMaterial.parse(TlsFiles.read(options)));
    }

    /** The provider the options lead to on this machine: OpenSSL if preferred and it loads, else the JDK. */
    public static SslProvider providerFor(TlsOptions options) {
        return options.preferOpenSsl() && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** Builds from material already read and parsed (so a reload uses exactly the bytes it fingerprinted). */
    static SslContext build(TlsOptions options, boolean server, TlsMaterial material) {
        if (server && !options.hasIdentity()) {
            throw new TlsConfigException("a TLS server needs a key file and a certificate file");
        }
        SslProvider provider = providerFor(options);
        logChoice(options, provider);
        X509Certificate[] chain = material.chain().toArray(X509Certificate[]::new);
        SslContextBuilder builder = server ? SslContextBuilder.forServer(material.key(), chain)
                : SslContextBuilder.forClient();
        if (!server && material.key() != null) {
            builder.keyManager(material.key(), chain);
        }
        if (!material.trustAnchors().isEmpty()) {
            builder.trustManager(material.trustAnchors().toArray(X509Certificate[]::new));
        }
        builder.sslProvider(provider).protocols(PROTOCOLS);
        if (server) {
            builder.clientAuth(nettyClientAuth(options.clientAuth())).endpointIdentificationAlgorithm(null);
        } else {
            builder.endpointIdentificationAlgorithm(options.verifyHostname() ? "HTTPS" : null);
        }
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("cannot build a TLS " + (server ? "server" : "client") + " context ("
                    + provider + ") from key file " + options.keyFile() + ", certificate file " + options.certFile()
                    + ", CA file " + options.caFile() + ": " + e.getMessage(), null, e);
        }
    }

    private static io.netty.handler.ssl.ClientAuth nettyClientAuth(ClientAuth clientAuth) {
        return switch (clientAuth) {
            case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
            case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
            case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
        };
    }

    private static void logChoice(TlsOptions options, SslProvider provider) {
        if (provider == SslProvider.OPENSSL) {
            if (LOGGED_CHOICES.add("openssl")) {
                LOG.info("TLS uses OpenSSL ({})", OpenSsl.versionString());
            }
        } else if (!options.preferOpenSsl()) {
            if (LOGGED_CHOICES.add("jdk")) {
                LOG.info("TLS uses the JDK's provider (OpenSSL not preferred)");
            }
        } else if (LOGGED_CHOICES.add("jdk-fallback")) {
            Throwable cause = OpenSsl.unavailabilityCause();
            LOG.info("TLS uses the JDK's provider: OpenSSL is not available ({})",
                    cause == null ? "no reason given" : cause.toString());
        }
    }
}
