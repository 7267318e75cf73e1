package io.brook.protocol.security.tls;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Names the peer of a mutual-TLS connection by its certificate.
 *
 * <p>The principal name is the subject's common name (CN): {@code CN=broker-1, O=Acme} gives
 * {@code broker-1}. When the subject has several CNs, the most specific one (written first in
 * RFC 2253 order) wins. A subject without a CN is named by the whole distinguished name in
 * RFC 2253 form (for example {@code O=Acme,C=DE}), so two such peers are never confused. Names
 * are compared as given: no case folding, no trimming beyond what RFC 2253 parsing does.
 */
public final class Principals {

    private Principals() {
    }

    /**
     * The principal name of {@code certificate}'s subject: its CN, or the RFC 2253 subject when it has none.
     *
     * @throws IllegalArgumentException when the subject is empty (such a peer has no name)
     */
    public static String fromCertificate(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("certificate with serial " + certificate.getSerialNumber().toString(16)
                    + " has an empty subject, so it names no principal");
        }
        try {
            List<Rdn> rdns = new LdapName(subject).getRdns(); // index 0 is the rightmost, least specific
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Attribute cn = rdns.get(i).toAttributes().get("CN");
                if (cn != null) {
                    return String.valueOf(cn.get());
                }
            }
            return subject;
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("cannot parse certificate subject " + subject, e);
        } catch (NamingException e) {
            throw new IllegalArgumentException("cannot read the CN of certificate subject " + subject, e);
        }
    }

    /**
     * The certificate the peer presented on {@code handler}'s connection: empty when it presented
     * none (a client under {@link ClientAuth#NONE} or {@link ClientAuth#OPTIONAL}).
     *
     * @throws IllegalStateException when the handshake has not completed successfully yet (wait for
     *     {@link SslHandler#handshakeFuture()})
     */
    public static Optional<X509Certificate> peerCertificate(SslHandler handler) {
        if (!handler.handshakeFuture().isSuccess()) {
            throw new IllegalStateException("the TLS handshake has not completed successfully, so there is no peer"
                    + " certificate to read yet");
        }
        try {
            Certificate[] chain = handler.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The principal name ({@link #fromCertificate}) of the peer on {@code handler}'s connection, if it presented a certificate. */
    public static Optional<String> peerPrincipal(SslHandler handler) {
        return peerCertificate(handler).map(Principals::fromCertificate);
    }
}
