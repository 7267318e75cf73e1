package io.brook.protocol.security.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a server's or client's TLS material lives and how it is used. The constructor checks that
 * the options agree and that every file given exists, is a regular file and is readable, and throws
 * a {@link TlsConfigException} naming the file otherwise; the files' contents are checked when a
 * context is built ({@link SslContexts}).
 *
 * @param keyFile the PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}, unencrypted); required for a
 *     server, optional for a client (with it the client presents {@code certFile} to servers that ask)
 * @param certFile the PEM certificate chain for {@code keyFile}, leaf first; given together with it
 * @param caFile the PEM trust anchors the peer's chain must lead to; null on a client means the JDK's
 *     default trust store; a server that asks for client certificates needs one
 * @param clientAuth whether a server asks clients for certificates; ignored by clients
 * @param reloadInterval how often {@link ReloadingSslContext} checks the files; zero means never
 * @param preferOpenSsl use OpenSSL (BoringSSL from netty-tcnative) when it is on the classpath and
 *     loads; otherwise, and when false, the JDK's TLS
 * @param verifyHostname whether a client checks that the server's certificate names the host it
 *     connected to (a DNS or IP subject alternative name); ignored by servers. Turn it off only
 *     where every trusted certificate may speak for every broker.
 */
public record TlsOptions(Path keyFile, Path certFile, Path caFile, ClientAuth clientAuth, Duration reloadInterval,
        boolean preferOpenSsl, boolean verifyHostname) {

    /** Checks the options against each other and the files' presence; see the class comment. */
    public TlsOptions {
        if (clientAuth == null) {
            throw new TlsConfigException("TLS clientAuth must be one of NONE, OPTIONAL, REQUIRE, not null");
        }
        if (reloadInterval == null || reloadInterval.isNegative()) {
            throw new TlsConfigException("TLS reload interval must be zero (never) or positive, not " + reloadInterval);
        }
        if ((keyFile == null) != (certFile == null)) {
            throw new TlsConfigException("TLS key file and certificate file go together: key file is " + keyFile
                    + ", certificate file is " + certFile);
        }
        if (clientAuth != ClientAuth.NONE && caFile == null) {
            throw new TlsConfigException("TLS clientAuth " + clientAuth
                    + " needs a CA file to check client certificates against");
        }
        checkReadable(keyFile, "key file");
        checkReadable(certFile, "certificate file");
        checkReadable(caFile, "CA file");
    }

    /**
     * Options for a server: its key and chain, and the CA its clients' certificates must chain to
     * (null when clients are not asked for certificates). No client authentication, no reloading,
     * OpenSSL preferred.
     */
    public static TlsOptions server(Path keyFile, Path certFile, Path caFile) {
        return new TlsOptions(keyFile, certFile, caFile, ClientAuth.NONE, Duration.ZERO, true, true);
    }

    /**
     * Options for a client that trusts the CAs in {@code caFile} (null: the JDK's default trust
     * store) and verifies server host names. No client certificate, no reloading, OpenSSL preferred.
     */
    public static TlsOptions client(Path caFile) {
        return new TlsOptions(null, null, caFile, ClientAuth.NONE, Duration.ZERO, true, true);
    }

    /** These options with a client certificate, for servers that ask for one (mutual TLS). */
    public TlsOptions withClientCertificate(Path keyFile, Path certFile) {
        return new TlsOptions(keyFile, certFile, caFile, clientAuth, reloadInterval, preferOpenSsl, verifyHostname);
    }

    /** These options with another client authentication mode (servers). */
    public TlsOptions withClientAuth(ClientAuth clientAuth) {
        return new TlsOptions(keyFile, certFile, caFile, clientAuth, reloadInterval, preferOpenSsl, verifyHostname);
    }

    /** These options with another reload interval (zero: never). */
    public TlsOptions withReloadInterval(Duration reloadInterval) {
        return new TlsOptions(keyFile, certFile, caFile, clientAuth, reloadInterval, preferOpenSsl, verifyHostname);
    }

    /** These options preferring OpenSSL, or not. */
    public TlsOptions withPreferOpenSsl(boolean preferOpenSsl) {
        return new TlsOptions(keyFile, certFile, caFile, clientAuth, reloadInterval, preferOpenSsl, verifyHostname);
    }

    /** These options with host name verification on or off (clients). */
    public TlsOptions withHostnameVerification(boolean verifyHostname) {
        return new TlsOptions(keyFile, certFile, caFile, clientAuth, reloadInterval, preferOpenSsl, verifyHostname);
    }

    /** Whether the options carry a key and certificate chain (always for a server). */
    public boolean hasIdentity() {
        return keyFile != null;
    }

    /** Throws a {@link TlsConfigException} naming {@code file} unless it is a readable regular file. */
    static void checkReadable(Path file, String role) {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            throw new TlsConfigException("TLS " + role + " " + file + " does not exist", file, null);
        }
        if (!Files.isRegularFile(file)) {
            throw new TlsConfigException("TLS " + role + " " + file + " is not a regular file", file, null);
        }
        if (!Files.isReadable(file)) {
            throw new TlsConfigException("TLS " + role + " " + file + " is not readable by this process", file, null);
        }
    }
}
