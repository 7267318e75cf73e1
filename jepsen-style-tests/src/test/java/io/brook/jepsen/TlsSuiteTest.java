package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.AuthenticationException;
import io.brook.client.BrookException;
import io.brook.client.ClientSecurity;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicDescription;
import io.brook.jepsen.db.LocalCluster;
import io.brook.protocol.security.tls.SslContexts;
import io.brook.protocol.security.tls.TlsOptions;
import io.brook.testsupport.tls.TestPki;
import io.netty.handler.ssl.JdkSslContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TLS on real broker processes: three brokers with TLS on their client listeners and mutual TLS
 * between them (certificates of a test CA made with Bouncy Castle). A client that trusts the CA
 * produces acks=all to a topic replicated three times (which the brokers can only do over mutual TLS);
 * a plaintext client, a client that trusts another CA, and a "broker" with a certificate of another CA
 * on the peer listener are all refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSuiteTest {

    private LocalCluster cluster;
    private TestPki pki;

    @BeforeAll
    void start() throws Exception {
        Path root = Files.createTempDirectory("brook-tls");
        pki = TestPki.create(root.resolve("pki"), "tls-suite");
        TestPki.Issued broker = pki.issue("broker", List.of("127.0.0.1"), List.of("localhost"));
        Map<String, String> config = new HashMap<>(ReplicatedClusterTest.FAST);
        config.put("tls.enabled", "true");
        config.put("peer.tls.enabled", "true");
        config.put("tls.key.file", broker.keyFile().toString());
        config.put("tls.cert.file", broker.certFile().toString());
        config.put("tls.ca.file", pki.caFile().toString());
        cluster = new LocalCluster(3, root.resolve("cluster"), config);
        cluster.start(60_000);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Admin admin(ClientSecurity security, long timeoutMs) {
        return new Admin(AdminConfig.builder().bootstrapServers(cluster.bootstrap()).security(security)
                .requestTimeoutMs((int) Math.min(timeoutMs, 10_000)).defaultApiTimeoutMs(timeoutMs).build());
    }

    @Test
    void a_client_trusting_the_ca_writes_to_a_topic_replicated_over_mutual_tls() throws Exception {
        ClientSecurity tls = ClientSecurity.builder().tlsEnabled(true).tlsCaFile(pki.caFile()).build();
        try (Admin admin = admin(tls, 60_000)) {
            admin.createTopics(List.of(new NewTopic("over-tls", 1, 3))).get(60, TimeUnit.SECONDS);
            try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).security(tls)
                    .acks("all").maxBlockMs(30_000).deliveryTimeoutMs(60_000).build())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord("over-tls", ("r" + i).getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
                }
            }
            TopicDescription d = admin.describeTopics(List.of("over-tls"), true).get(60, TimeUnit.SECONDS).get("over-tls");
            // acknowledged with acks=all: committed on a majority of the three replicas, over the peer TLS links
            assertThat(d.offsets().get(0).highWatermark()).isGreaterThanOrEqualTo(100);
            assertThat(d.partitions().get(0).replicas()).hasSize(3);
        }
    }

    @Test
    void a_plaintext_client_and_a_client_trusting_another_ca_are_refused() throws Exception {
        try (Admin plain = admin(ClientSecurity.NONE, 5_000)) {
            assertThatThrownBy(() -> plain.listTopics().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(BrookException.class);
        }
        Path otherCa = pki.unrelatedCa("other").caFile();
        try (Admin stranger = admin(ClientSecurity.builder().tlsEnabled(true).tlsCaFile(otherCa).build(), 5_000)) {
            assertThatThrownBy(() -> stranger.listTopics().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void a_certificate_of_another_ca_gets_no_handshake_on_the_peer_listener() throws Exception {
        TestPki other = pki.unrelatedCa("impostor");
        TestPki.Issued impostor = other.issue("broker", List.of("127.0.0.1"), List.of("localhost"));
        TlsOptions options = TlsOptions.client(pki.caFile()).withClientCertificate(impostor.keyFile(), impostor.certFile())
                .withPreferOpenSsl(false).withHostnameVerification(false);
        SSLContext context = ((JdkSslContext) SslContexts.forClient(options)).context();
        for (int id = 1; id <= 3; id++) {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", cluster.peerPort(id))) {
                socket.setSoTimeout(10_000);
                int port = cluster.peerPort(id);
                // TLS 1.3: the server refuses the client's certificate after this side's handshake ends; the first
                // read then fails (or sees the connection closed) instead of any answer
                assertThatThrownBy(() -> {
                    socket.startHandshake();
                    socket.getOutputStream().write(new byte[] {0, 0, 0, 1, 0});
                    socket.getOutputStream().flush();
                    if (socket.getInputStream().read() < 0) {
                        throw new java.io.EOFException("closed by peer listener " + port);
                    }
                }).as("peer listener of broker %d", id).isInstanceOf(java.io.IOException.class);
            }
        }
    }
}
