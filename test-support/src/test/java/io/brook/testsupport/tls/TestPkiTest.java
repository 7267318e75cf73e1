package io.brook.testsupport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test CA signs what it says, writes PEM files, and expired or foreign certificates are so. */
class TestPkiTest {

    @TempDir
    Path dir;

    @Test
    void anIssuedCertificateIsSignedByTheCaAndCarriesItsNames() throws Exception {
        // given
        TestPki pki = TestPki.create(dir, "ca");

        // when
        TestPki.Issued issued = pki.issue("broker-1", List.of("127.0.0.1"), List.of("localhost"));

        // then
        X509Certificate certificate = issued.certificate();
        certificate.verify(pki.caCertificate().getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=broker-1,O=Brook tests");
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactlyInAnyOrder("127.0.0.1", "localhost");
        assertThat(Files.readString(issued.keyFile(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(issued.certFile(), StandardCharsets.US_ASCII).split("-----BEGIN CERTIFICATE-----"))
                .as("leaf and CA").hasSize(3);
        assertThat(Files.readString(pki.caFile(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void twoIssuesHaveDifferentSerialsAndFiles() {
        TestPki pki = TestPki.create(dir, "ca");

        TestPki.Issued a = pki.issue("broker-1", List.of(), List.of());
        TestPki.Issued b = pki.issue("broker-1", List.of(), List.of());

        assertThat(a.serial()).isNotEqualTo(b.serial());
        assertThat(a.certFile()).isNotEqualTo(b.certFile());
    }

    @Test
    void anExpiredCertificateIsExpired() {
        TestPki.Issued issued = TestPki.create(dir, "ca").issueExpired("old", List.of(), List.of());

        assertThatThrownBy(() -> issued.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThat(issued.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
    }

    @Test
    void anUnrelatedCaDidNotSignTheFirstCasCertificates() {
        TestPki pki = TestPki.create(dir, "ca");
        TestPki other = pki.unrelatedCa("other");

        TestPki.Issued issued = other.issue("mallory", List.of(), List.of());

        assertThat(other.caFile()).isNotEqualTo(pki.caFile());
        assertThatThrownBy(() -> issued.certificate().verify(pki.caCertificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }
}
