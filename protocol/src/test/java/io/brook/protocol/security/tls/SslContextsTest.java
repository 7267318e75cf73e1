package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.testsupport.NettyLeakCheck;
import io.brook.testsupport.tls.TestPki;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Building contexts from PEM files, and the errors that name a bad file. */
@ExtendWith(NettyLeakCheck.class)
class SslContextsTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private TestPki.Issued broker;

    @BeforeEach
    void makeCa() {
        pki = TestPki.create(dir, "brook-test-ca");
        broker = pki.issue("broker-1", List.of("127.0.0.1"), List.of());
    }

    @ParameterizedTest
    @MethodSource("io.brook.protocol.security.tls.TlsProviders#available")
    void buildsServerAndClientContextsThatSpeakTls13AndTls12Only(SslProvider provider) {
        // when
        SslContext server = SslContexts.forServer(
                TlsProviders.using(TlsOptions.server(broker.keyFile(), broker.certFile(), null), provider));
        SslContext client = SslContexts.forClient(TlsProviders.using(TlsOptions.client(pki.caFile()), provider));

        // then
        assertThat(server.isServer()).isTrue();
        assertThat(client.isClient()).isTrue();
        assertThat(protocolVersions(server.newEngine(ByteBufAllocator.DEFAULT)))
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(protocolVersions(client.newEngine(ByteBufAllocator.DEFAULT, "localhost", 9092)))
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    /**
     * The engine's enabled protocol versions. OpenSSL engines always list "SSLv2Hello", a pseudo
     * protocol (a hello format, not a version) that BoringSSL never accepts; it is left out.
     */
    private static List<String> protocolVersions(SSLEngine engine) {
        try {
            return Arrays.stream(engine.getEnabledProtocols()).filter(p -> !p.equals("SSLv2Hello")).toList();
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void aClientWithoutACaFileUsesTheJdkDefaultTrust() {
        assertThat(SslContexts.forClient(TlsOptions.client(null)).isClient()).isTrue();
    }

    @Test
    void notPreferringOpenSslGivesTheJdkProvider() {
        TlsOptions options = TlsOptions.client(pki.caFile()).withPreferOpenSsl(false);

        assertThat(SslContexts.providerFor(options)).isEqualTo(SslProvider.JDK);
    }

    @Test
    void aDamagedCertificateFileIsNamedWithTheReason() throws Exception {
        // given: a PEM block whose base64 is cut and mangled
        String pem = Files.readString(broker.certFile(), StandardCharsets.US_ASCII);
        Files.writeString(broker.certFile(), pem.replaceFirst("MII", "M!I"), StandardCharsets.US_ASCII);

        // when / then
        assertThatThrownBy(() -> SslContexts.forServer(TlsOptions.server(broker.keyFile(), broker.certFile(), null)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining(broker.certFile().toString()).hasMessageContaining("damaged")
                .satisfies(e -> assertThat(((TlsConfigException) e).file()).contains(broker.certFile()));
    }

    @Test
    void aTruncatedCertificateFileIsNamed() throws Exception {
        // given
        String pem = Files.readString(broker.certFile(), StandardCharsets.US_ASCII);
        Files.writeString(broker.certFile(), pem.substring(0, pem.length() / 3), StandardCharsets.US_ASCII);

        // when / then
        assertThatThrownBy(() -> SslContexts.forServer(TlsOptions.server(broker.keyFile(), broker.certFile(), null)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining(broker.certFile().toString()).hasMessageContaining("cut short");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsNamedWithBothFiles() {
        // given
        TestPki.Issued other = pki.issue("broker-2", List.of("127.0.0.1"), List.of());

        // when / then
        assertThatThrownBy(() -> SslContexts.forServer(TlsOptions.server(other.keyFile(), broker.certFile(), null)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining(other.keyFile().toString()).hasMessageContaining(broker.certFile().toString())
                .hasMessageContaining("does not belong");
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        // given
        Path pkcs1 = dir.resolve("legacy.key.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        // when / then
        assertThatThrownBy(() -> SslContexts.forServer(TlsOptions.server(pkcs1, broker.certFile(), null)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining(pkcs1.toString()).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aCertificateFileGivenAsTheKeyIsNamed() {
        assertThatThrownBy(() -> SslContexts.forServer(TlsOptions.server(broker.certFile(), broker.certFile(), null)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("key file " + broker.certFile()).hasMessageContaining("0 PEM private keys");
    }

    @Test
    void aCaFileWithoutCertificatesIsNamed() throws Exception {
        // given
        Path empty = Files.writeString(dir.resolve("empty-ca.pem"), "\n");

        // when / then
        assertThatThrownBy(() -> SslContexts.forClient(TlsOptions.client(empty)))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("CA file " + empty).hasMessageContaining("no PEM certificate");
    }

    @Test
    void aServerNeedsAKeyAndCertificate() {
        assertThatThrownBy(() -> SslContexts.forServer(TlsOptions.client(pki.caFile())))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("needs a key file");
    }
}
