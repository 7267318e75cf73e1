package io.brook.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests, with an EC P-256 key, whose certificate is written to
 * {@link #caFile()}. {@link #issue} signs leaf certificates (usable by servers and clients alike:
 * extended key usage serverAuth and clientAuth) and writes each as a PKCS#8 PEM key file and a PEM
 * chain file (leaf, then this CA) with names unique to the certificate's serial number, so a test
 * can issue a replacement and install it over the files a server reads.
 *
 * <p>Everything is made at run time in the directory the test gives (normally a {@code @TempDir});
 * the CA's private key only lives in memory. Not thread-safe: one test, one thread.
 */
public final class TestPki {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Path caFile;

    private TestPki(Path dir, KeyPair caKeys, X509Certificate caCertificate, Path caFile) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.caFile = caFile;
    }

    /**
     * Makes a self-signed CA whose subject is {@code CN=<name>,O=Brook tests}, valid from a day ago
     * for 30 days, and writes its certificate to {@code <dir>/<name>-ca.pem}.
     */
    public static TestPki create(Path dir, String name) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(name, "name");
        try {
            Files.createDirectories(dir);
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X500Name subject = subjectWithCn(name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys);
            Path caFile = dir.resolve(fileName(name) + "-ca.pem");
            Files.writeString(caFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            return new TestPki(dir, keys, certificate, caFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test CA " + name + " to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the test CA " + name, e);
        }
    }

    /** Another CA, named {@code name}, in the same directory, that shares nothing with this one. */
    public TestPki unrelatedCa(String name) {
        return create(dir, name);
    }

    /** The PEM file holding this CA's certificate: the trust anchor for peers of issued certificates. */
    public Path caFile() {
        return caFile;
    }

    /** This CA's certificate. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /**
     * Issues a certificate for {@code CN=<cn>,O=Brook tests} valid from an hour ago for a day.
     *
     * @see #issue(String, List, List, Instant, Instant)
     */
    public Issued issue(String cn, List<String> sanIps, List<String> sanDns) {
        Instant now = Instant.now();
        return issue(cn, sanIps, sanDns, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /** Issues a certificate for {@code CN=<cn>,O=Brook tests} that expired yesterday (valid for one day before that). */
    public Issued issueExpired(String cn, List<String> sanIps, List<String> sanDns) {
        Instant now = Instant.now();
        return issue(cn, sanIps, sanDns, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    }

    /**
     * Issues a certificate with subject {@code CN=<cn>,O=Brook tests}, the given subject alternative
     * names (IP addresses such as {@code 127.0.0.1}, and DNS names) and validity, with a fresh key
     * and a random serial number. Writes {@code <cn>-<serial>.key.pem} (PKCS#8, unencrypted) and
     * {@code <cn>-<serial>.crt.pem} (the certificate followed by this CA's) into the directory.
     */
    public Issued issue(String cn, List<String> sanIps, List<String> sanDns, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(cn, "cn");
        return issue(subjectWithCn(cn), fileName(cn), sanIps, sanDns, notBefore, notAfter);
    }

    /**
     * Issues a certificate, valid from an hour ago for a day, for any subject, written as in RFC 2253
     * (most specific name first, for example {@code OU=ops,O=Acme} or {@code CN=a,OU=b,CN=c}); files
     * are named {@code subject-<serial>}.
     */
    public Issued issueWithSubject(String rfc2253Subject, List<String> sanIps, List<String> sanDns) {
        Instant now = Instant.now();
        return issue(X500Name.getInstance(new X500Principal(rfc2253Subject).getEncoded()), "subject", sanIps, sanDns,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    private Issued issue(X500Name subject, String fileBase, List<String> sanIps, List<String> sanDns, Instant notBefore,
            Instant notAfter) {
        try {
            KeyPair keys = newKeyPair();
            BigInteger serial = newSerial();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            addLeafExtensions(builder, keys.getPublic(), subject.getRDNs().length == 0, sanIps, sanDns);
            X509Certificate certificate = sign(builder, caKeys);
            String base = fileBase + "-" + serial.toString(16);
            Path keyFile = dir.resolve(base + ".key.pem");
            Path certFile = dir.resolve(base + ".crt.pem");
            Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded())
                    + pem("CERTIFICATE", caCertificate.getEncoded()), StandardCharsets.US_ASCII);
            return new Issued(keyFile, certFile, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificate for " + subject + " to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    /** The names are critical when the subject is empty: they are then the only identity (RFC 5280 4.2.1.6). */
    private void addLeafExtensions(X509v3CertificateBuilder builder, PublicKey key, boolean namesCritical,
            List<String> sanIps, List<String> sanDns) throws CertIOException, GeneralSecurityException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(caCertificate));
        List<GeneralName> names = new ArrayList<>();
        sanIps.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        sanDns.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, namesCritical,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A positive 63-bit serial: distinct between issues with overwhelming probability. */
    private static BigInteger newSerial() {
        return BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE).max(BigInteger.ONE);
    }

    /** {@code CN=<cn>,O=Brook tests}: the CN is the most specific name, as in any ordinary subject. */
    private static X500Name subjectWithCn(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Brook tests").addRDN(BCStyle.CN, cn).build();
    }

    private static String fileName(String cn) {
        return cn.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * One issued certificate: its PKCS#8 PEM key file, its PEM chain file (leaf first) and the
     * certificate itself (for its serial number and subject).
     */
    public record Issued(Path keyFile, Path certFile, X509Certificate certificate) {

        /** The certificate's serial number. */
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /**
         * Copies this certificate's key and chain over {@code keyFile} and {@code certFile}, as an
         * operator rotating a server's certificate would (each file replaced as a whole).
         */
        public void installAs(Path keyTarget, Path certTarget) {
            try {
                Files.copy(keyFile, keyTarget, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(certFile, certTarget, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install " + certFile + " as " + certTarget, e);
            }
        }
    }
}
