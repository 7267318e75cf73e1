package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.testsupport.NettyLeakCheck;
import io.brook.testsupport.tls.TestPki;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutual TLS: a server that requires client certificates, and the principal it sees. */
@ExtendWith(NettyLeakCheck.class)
class TlsClientAuthTest {

    @RegisterExtension
    final TlsFixture tls = new TlsFixture();
    private EchoServer server;

    private void startRequiringClientCertificates(SslProvider provider) {
        TestPki.Issued broker = tls.brokerCertificate();
        server = tls.startServer(TlsOptions.server(broker.keyFile(), broker.certFile(), tls.pki().caFile())
                .withClientAuth(ClientAuth.REQUIRE), provider);
    }

    private EchoClient.Connection connectAs(TestPki.Issued identity, SslProvider provider) {
        return tls.connect(TlsOptions.client(tls.pki().caFile())
                .withClientCertificate(identity.keyFile(), identity.certFile()), provider);
    }

    @ParameterizedTest
    @MethodSource("io.brook.protocol.security.tls.TlsProviders#available")
    void aServerThatRequiresClientCertificatesRefusesAClientWithout(SslProvider provider) throws Exception {
        // given
        startRequiringClientCertificates(provider);

        // when: under TLSv1.3 the client may finish its side before the server checks it
        EchoClient.Connection connection = tls.connectTrustingTheCa(provider);

        // then
        assertThat(server.nextHandshake().success()).isFalse();
        assertThat(connection.tryEcho("let me in")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.brook.protocol.security.tls.TlsProviders#available")
    void aServerThatRequiresClientCertificatesAcceptsOneFromItsCaAndNamesItByCn(SslProvider provider)
            throws Exception {
        // given
        startRequiringClientCertificates(provider);

        // when
        EchoClient.Connection connection = connectAs(tls.pki().issue("alice", List.of(), List.of()), provider);

        // then
        assertThat(connection.echo("from alice")).isEqualTo("from alice");
        EchoServer.Handshake handshake = server.nextHandshake();
        assertThat(handshake.success()).isTrue();
        assertThat(handshake.clientPrincipal()).contains("alice");
    }

    @ParameterizedTest
    @MethodSource("io.brook.protocol.security.tls.TlsProviders#available")
    void aServerThatRequiresClientCertificatesRefusesOneFromAnotherCa(SslProvider provider) throws Exception {
        // given
        startRequiringClientCertificates(provider);
        TestPki.Issued mallory = tls.pki().unrelatedCa("other-ca").issue("mallory", List.of(), List.of());

        // when
        EchoClient.Connection connection = connectAs(mallory, provider);

        // then
        assertThat(server.nextHandshake().success()).isFalse();
        assertThat(connection.tryEcho("let me in")).isEmpty();
    }
}
