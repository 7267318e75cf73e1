/**
 * TLS building blocks shared by the broker and the client: {@link io.brook.protocol.security.tls.TlsOptions}
 * (PEM key, certificate chain and trust anchors, client authentication, reload interval),
 * {@link io.brook.protocol.security.tls.SslContexts}, which turns them into Netty {@code SslContext}s
 * (TLSv1.3 and TLSv1.2 only; OpenSSL when present and preferred, else the JDK; clients verify the
 * server's host name), {@link io.brook.protocol.security.tls.ReloadingSslContext}, which swaps in a
 * new context when the files change, and {@link io.brook.protocol.security.tls.Principals}, which
 * names an mTLS peer by its certificate. Bad files give a
 * {@link io.brook.protocol.security.tls.TlsConfigException} that names the file and the reason.
 *
 * <p>Depends on the JDK, slf4j and Netty's {@code netty-handler}, which {@code brook-protocol}
 * declares optional: a module that uses this package declares {@code netty-handler} itself (the
 * broker has it through {@code netty-all}). {@code netty-tcnative-boringssl-static} is optional too;
 * without it the JDK's TLS is used. Nothing here knows about requests, storage or the broker.
 */
package io.brook.protocol.security.tls;
