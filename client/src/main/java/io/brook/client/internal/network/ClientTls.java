package io.brook.client.internal.network;

import io.brook.client.AuthenticationException;
import io.brook.client.BrookException;
import io.brook.client.ClientSecurity;
import io.brook.client.ConnectionException;
import io.brook.client.InvalidConfigException;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.security.tls.ClientAuth;
import io.brook.protocol.security.tls.SslContexts;
import io.brook.protocol.security.tls.TlsConfigException;
import io.brook.protocol.security.tls.TlsOptions;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The client's side of TLS: the {@link SslContext} of a client's connections, built once from its
 * {@link ClientSecurity}, and what a TLS failure on a connection means, in words that point at the
 * fix. Handshake failures are final ({@link AuthenticationException}): an untrusted, expired or
 * misnamed certificate, a broker that does not speak TLS or refuses this client's certificate does
 * not change by retrying. Only a connection that closed mid-handshake, which a restarting broker also
 * causes, is a retriable {@link ConnectionException}.
 */
final class ClientTls {

    private ClientTls() {
    }

    /**
     * The context for {@code security}: the CA file's certificates as trust anchors (else the JVM's),
     * the client certificate if set, host name verification as set. OpenSSL is used when the
     * application put netty-tcnative on the class path, else the JDK's TLS.
     *
     * @throws InvalidConfigException naming the key when a file is missing, unreadable or damaged
     */
    static SslContext context(ClientSecurity security) {
        try {
            return SslContexts.forClient(new TlsOptions(security.tlsKeyFile(), security.tlsCertFile(), security.tlsCaFile(),
                    ClientAuth.NONE, Duration.ZERO, true, security.tlsVerifyHostname()));
        } catch (TlsConfigException e) {
            String key = e.file().map(f -> keyOf(security, f)).orElse(ClientSecurity.TLS_ENABLED);
            throw new InvalidConfigException(key + ": " + e.getMessage(), e);
        }
    }

    private static String keyOf(ClientSecurity security, Path file) {
        if (file.equals(security.tlsKeyFile())) {
            return ClientSecurity.TLS_KEY_FILE;
        }
        return file.equals(security.tlsCertFile()) ? ClientSecurity.TLS_CERT_FILE : ClientSecurity.TLS_CA_FILE;
    }

    /** Whether {@code cause} is a TLS failure (somewhere in its chain). */
    static boolean isTlsFailure(Throwable cause) {
        return find(cause, SSLException.class) != null;
    }

    /**
     * What the requests of a connection to {@code broker} fail with after its TLS handshake (or,
     * under TLS 1.3, the broker's first answer to the client's certificate) failed with {@code cause}.
     */
    static BrookException failure(Throwable cause, String broker, ClientSecurity security) {
        String prefix = "TLS handshake with broker " + broker + " failed: ";
        String detail = rootMessage(cause);
        if (find(cause, NotSslRecordException.class) != null) {
            return auth("broker " + broker + " answered in something other than TLS: it does not speak TLS on this port "
                    + "(is tls.enabled=true on the broker, and is this its client listener?), or connect without TLS", cause);
        }
        if (find(cause, CertificateExpiredException.class) != null || find(cause, CertificateNotYetValidException.class) != null) {
            return auth(prefix + "the broker's certificate is expired or not yet valid (" + detail + "): the broker must "
                    + "install a current certificate", cause);
        }
        if (find(cause, CertPathBuilderException.class) != null || find(cause, CertPathValidatorException.class) != null) {
            return auth(prefix + "the broker's certificate is not trusted (" + detail + "): it must chain to a CA in "
                    + (security.tlsCaFile() == null ? "the JVM's trust store (or set tls.ca.file)" : "tls.ca.file " + security.tlsCaFile()),
                    cause);
        }
        // OpenSSL (BoringSSL) reports its verdicts as reason codes in the message
        if (detail.contains("CERTIFICATE_VERIFY_FAILED") && detail.contains("expired")) {
            return auth(prefix + "the broker's certificate is expired (" + detail + "): the broker must install a current certificate",
                    cause);
        }
        if (detail.contains("CERTIFICATE_VERIFY_FAILED")) {
            return auth(prefix + "the broker's certificate could not be verified (" + detail + "): it must chain to a CA in "
                    + (security.tlsCaFile() == null ? "the JVM's trust store (or set tls.ca.file)" : "tls.ca.file " + security.tlsCaFile())
                    + " and name the host connected to", cause);
        }
        if (detail.contains("CERTIFICATE_REQUIRED") || detail.contains("ALERT_BAD_CERTIFICATE")
                || detail.contains("ALERT_UNKNOWN_CA") || detail.contains("ALERT_HANDSHAKE_FAILURE")) {
            return auth(prefix + "the broker refused this client (" + detail + "): it may require a client certificate "
                    + "(tls.cert.file, tls.key.file) signed by a CA it trusts"
                    + (security.tlsCertFile() == null ? ", and this client presents none" : ""), cause);
        }
        if (detail.contains("subject alternative name") || detail.contains("No name matching")) {
            return auth(prefix + "the broker's certificate does not name the host connected to (" + detail + "): connect by a "
                    + "name or address in its subject alternative names, or set tls.verify.hostname=false", cause);
        }
        if (detail.contains("Received fatal alert")) {
            return auth(prefix + "the broker refused this client (" + detail + "): it may require a client certificate "
                    + "(tls.cert.file, tls.key.file) signed by a CA it trusts"
                    + (security.tlsCertFile() == null ? ", and this client presents none" : ""), cause);
        }
        if (find(cause, ClosedChannelException.class) != null || detail.contains("closed")) {
            return new ConnectionException(prefix + "the broker closed the connection during the handshake (" + detail
                    + "): it may not speak TLS on this port (is tls.enabled=true on the broker?), or it is restarting", cause);
        }
        return auth(prefix + detail, cause);
    }

    private static AuthenticationException auth(String message, Throwable cause) {
        return new AuthenticationException(message, cause, ErrorCode.NONE);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
