package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.BrokerServer;
import io.brook.broker.network.ConnectionPrincipal;
import io.brook.broker.network.ListenerTls;
import io.brook.client.Admin;
import io.brook.client.AuthenticationException;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.security.tls.ClientAuth;
import io.brook.protocol.security.tls.SslContexts;
import io.brook.protocol.security.tls.TlsOptions;
import io.brook.testsupport.tls.TestPki;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * client.authentication=tls: a client without a certificate is refused, one with a certificate from
 * the broker's CA gets in and is named {@code User:<CN>}. The principal is observed through a real
 * {@link BrokerServer} whose ApiVersions handler records {@code RequestContext.principal()}.
 */
class TlsClientAuthenticationTest {

    @TempDir
    Path tmp;
    private TestTls tls;
    private BrokerFixture broker;
    private BrokerServer server;

    @BeforeEach
    void pki() {
        tls = new TestTls(tmp);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_client_without_a_certificate_is_refused_and_one_with_a_certificate_is_served() throws Exception {
        broker = BrokerFixture.start(tls.brokerConfig(Map.of(BrokerConfig.TLS_ENABLED, "true", BrokerConfig.CLIENT_AUTHENTICATION, "tls")));

        try (Admin anonymous = TestTls.admin(broker.bootstrap(), tls.client())) {
            Throwable failure = null;
            try {
                anonymous.describeCluster().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isInstanceOf(AuthenticationException.class).hasMessageContaining("client certificate");
        }
        try (Admin alice = TestTls.admin(broker.bootstrap(), tls.client(tls.ca.issue("alice", List.of(), List.of())))) {
            assertThat(alice.describeCluster().get(30, TimeUnit.SECONDS).brokers()).hasSize(1);
        }
    }

    /** A server whose client listener requires client certificates, recording the principal of each ApiVersions. */
    private AtomicReference<String> serverRecordingPrincipals(boolean principalFromCertificate) {
        AtomicReference<String> principal = new AtomicReference<>();
        ApiHandler[] handlers = new ApiHandler[64];
        handlers[ApiKey.API_VERSIONS.id()] = (rc, frame) -> {
            principal.set(rc.principal());
            rc.respond(ApiVersionsResponse.getDefaultInstance());
        };
        SslContext context = SslContexts.forServer(TlsOptions.server(tls.broker.keyFile(), tls.broker.certFile(), tls.ca.caFile())
                .withClientAuth(ClientAuth.REQUIRE));
        server = new BrokerServer(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 1, 1 << 20, handlers,
                null, new ListenerTls(() -> context, principalFromCertificate), null);
        server.state().started();
        return principal;
    }

    private void apiVersionsAs(TestPki.Issued certificate) throws Exception {
        try (RawConnection c = TlsRawConnections.overTls(server.localAddress().getPort(), tls.rawClient(certificate))) {
            c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), 1, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
            assertThat(c.read().errorCode()).isZero();
        }
    }

    @Test
    void the_principal_of_a_client_certificate_connection_is_its_common_name() throws Exception {
        AtomicReference<String> principal = serverRecordingPrincipals(true);

        apiVersionsAs(tls.ca.issue("alice", List.of(), List.of()));

        assertThat(principal).hasValue("User:alice");
    }

    @Test
    void a_listener_that_does_not_name_principals_by_certificate_leaves_them_anonymous() throws Exception {
        AtomicReference<String> principal = serverRecordingPrincipals(false);

        apiVersionsAs(tls.ca.issue("alice", List.of(), List.of()));

        assertThat(principal).hasValue(ConnectionPrincipal.ANONYMOUS);
    }
}
