package io.brook.protocol.security.tls;

/**
 * Whether a TLS server asks its clients for a certificate (mutual TLS). Brook's own enum rather
 * than Netty's, so that configuration can be parsed without Netty on the classpath.
 */
public enum ClientAuth {
    /** The server does not ask for a client certificate. */
    NONE,
    /** The server asks; a client without a certificate is let in, one with an untrusted certificate is not. */
    OPTIONAL,
    /** Every client must present a certificate that chains to the server's trust anchors. */
    REQUIRE
}
