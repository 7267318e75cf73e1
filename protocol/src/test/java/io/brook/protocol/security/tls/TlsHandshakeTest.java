package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.testsupport.NettyLeakCheck;
import io.brook.testsupport.tls.TestPki;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Handshakes between real sockets on 127.0.0.1: what a client accepts and what it refuses. */
@ExtendWith(NettyLeakCheck.class)
class TlsHandshakeTest {

    private static final String PROVIDERS = "io.brook.protocol.security.tls.TlsProviders#available";

    @RegisterExtension
    final TlsFixture tls = new TlsFixture();

    private EchoServer startServer(TestPki.Issued identity, SslProvider provider) {
        return tls.startServer(TlsOptions.server(identity.keyFile(), identity.certFile(), null), provider);
    }

    @ParameterizedTest
    @MethodSource(PROVIDERS)
    void aClientThatTrustsTheCaCompletesTheHandshakeAndGetsItsBytesBack(SslProvider provider) throws Exception {
        // given
        TestPki.Issued broker = tls.pki().issue("broker-1", List.of("127.0.0.1"), List.of("localhost"));
        EchoServer server = startServer(broker, provider);

        // when
        EchoClient.Connection connection = tls.connectTrustingTheCa(provider);

        // then
        assertThat(connection.echo("hello over TLS")).isEqualTo("hello over TLS");
        assertThat(connection.serverCertificate().getSerialNumber()).isEqualTo(broker.serial());
        assertThat(server.nextHandshake().success()).isTrue();
    }

    @ParameterizedTest
    @MethodSource(PROVIDERS)
    void aClientThatTrustsAnotherCaRefusesTheServer(SslProvider provider) throws Exception {
        // given
        EchoServer server = startServer(tls.brokerCertificate(), provider);
        TestPki otherCa = tls.pki().unrelatedCa("other-ca");

        // when
        EchoClient.Connection connection = tls.connect(TlsOptions.client(otherCa.caFile()), provider);

        // then
        assertThat(connection.handshakeFailure()).isInstanceOf(SSLException.class);
        assertThat(server.nextHandshake().success()).isFalse();
    }

    @ParameterizedTest
    @MethodSource(PROVIDERS)
    void aClientRefusesAnExpiredServerCertificate(SslProvider provider) {
        startServer(tls.pki().issueExpired("broker-1", List.of("127.0.0.1"), List.of()), provider);

        assertThat(tls.connectTrustingTheCa(provider).handshakeFailure()).isInstanceOf(SSLException.class);
    }

    @ParameterizedTest
    @MethodSource(PROVIDERS)
    void aClientRefusesACertificateForAnotherHost(SslProvider provider) {
        // a certificate the CA signed, but for other names than 127.0.0.1
        startServer(tls.pki().issue("broker-1", List.of("10.9.8.7"), List.of("broker-1.example")), provider);

        assertThat(tls.connectTrustingTheCa(provider).handshakeFailure()).isInstanceOf(SSLException.class);
    }

    @ParameterizedTest
    @MethodSource(PROVIDERS)
    void withHostnameVerificationOffAClientAcceptsACertificateForAnotherHost(SslProvider provider) throws Exception {
        // given
        startServer(tls.pki().issue("broker-1", List.of("10.9.8.7"), List.of("broker-1.example")), provider);
        TlsOptions options = TlsOptions.client(tls.pki().caFile()).withHostnameVerification(false);

        // when
        EchoClient.Connection connection = tls.connect(options, provider);

        // then
        assertThat(connection.echo("trusting the CA alone")).isEqualTo("trusting the CA alone");
    }

    @ParameterizedTest
    @MethodSource(PROVIDERS)
    void plaintextBytesToTheTlsPortAreNotEchoedAndTheConnectionIsClosed(SslProvider provider) throws Exception {
        // given
        EchoServer server = startServer(tls.brokerCertificate(), provider);

        // when
        String reply;
        try (Socket socket = new Socket(EchoClient.HOST, server.port())) {
            socket.setSoTimeout(30_000); // a safety limit: the server closes at once
            socket.getOutputStream().write("PLAINTEXT HELLO, NOT A TLS RECORD\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            reply = readUntilClosed(socket.getInputStream());
        }

        // then
        assertThat(reply).doesNotContain("PLAINTEXT");
        EchoServer.Handshake handshake = server.nextHandshake();
        assertThat(handshake.success()).isFalse();
        assertThat(handshake.cause()).isInstanceOf(NotSslRecordException.class);
    }

    /** Reads to the end of the stream (a reset counts as the end); a read timeout fails the test. */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed with unread data: as closed as it gets
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
