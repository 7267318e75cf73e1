package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import io.brook.client.Admin;
import io.brook.client.AuthenticationException;
import io.brook.client.ClientSecurity;
import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.security.tls.TlsOptions;
import io.brook.testsupport.tls.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on a broker's client listener (tls.enabled), with the real Producer, Consumer and Admin and
 * certificates made by {@link TestPki}: records go round trip; a plaintext client, a client that
 * trusts another CA, a broker with an expired certificate and a TLS client at a plaintext listener
 * are refused with a message that says which; missing files stop the broker naming the key; renewed
 * certificate files reach new connections.
 */
class TlsClientListenerTest {

    @TempDir
    Path tmp;
    private TestTls tls;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void pki() {
        tls = new TestTls(tmp);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private BrokerFixture broker(Map<String, String> config) {
        BrokerFixture b = BrokerFixture.start(config);
        open.add(b);
        return b;
    }

    private BrokerFixture tlsBroker() {
        return broker(tls.brokerConfig(Map.of(BrokerConfig.TLS_ENABLED, "true")));
    }

    private Admin admin(BrokerFixture broker, ClientSecurity security) {
        Admin a = TestTls.admin(broker.bootstrap(), security);
        open.add(a);
        return a;
    }

    /** What describeCluster fails with. */
    private static Throwable describeFailure(Admin admin) throws Exception {
        try {
            admin.describeCluster().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("describeCluster succeeded");
    }

    @Test
    void records_produced_over_tls_are_consumed_over_tls() throws Exception {
        // given a broker whose client listener speaks TLS, and a topic
        BrokerFixture broker = tlsBroker();
        admin(broker, tls.client()).createTopics(List.of(new NewTopic("tls-topic", 1, 1, Map.of()))).get(30, TimeUnit.SECONDS);

        // when a producer trusting its CA sends records with acks=all
        int count = 200;
        try (Producer producer = new Producer(TestClients.producer(broker).acks("all").security(tls.client()).build())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord("tls-topic", 0, null, ("value-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }

        // then a consumer over TLS reads them back in order
        List<ConsumerRecord> consumed;
        try (Consumer consumer = new Consumer(TestClients.consumer(broker).security(tls.client()).build())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("tls-topic", 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumed = RecordStream.consume(consumer, count, Duration.ofSeconds(30));
        }
        assertThat(consumed).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(new String(consumed.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("value-" + i);
        }
    }

    @Test
    void a_plaintext_client_gets_no_answer_from_a_tls_listener() throws Exception {
        BrokerFixture broker = tlsBroker();

        // a raw plaintext ApiVersions: the broker closes the connection without answering
        try (RawConnection c = new RawConnection(broker.port())) {
            c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), 1, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
            assertThat(c.closedByPeer()).isTrue();
        }
        // and the real client fails, hinting at TLS
        Throwable failure = describeFailure(admin(broker, ClientSecurity.NONE));
        assertThat(failure).hasMessageContaining("tls.enabled=true");
    }

    @Test
    void a_client_that_trusts_another_ca_refuses_the_broker() throws Exception {
        BrokerFixture broker = tlsBroker();
        TestPki other = tls.ca.unrelatedCa("other-ca");

        Throwable failure = describeFailure(admin(broker, ClientSecurity.builder().tlsEnabled(true).tlsCaFile(other.caFile()).build()));

        assertThat(failure).isInstanceOf(AuthenticationException.class).hasMessageContaining("not trusted")
                .hasMessageContaining(other.caFile().toString());
    }

    @Test
    void a_broker_with_an_expired_certificate_is_refused() throws Exception {
        TestPki.Issued expired = tls.ca.issueExpired("expired-broker", List.of("127.0.0.1"), List.of());
        BrokerFixture broker = broker(Map.of(BrokerConfig.TLS_ENABLED, "true", BrokerConfig.TLS_KEY_FILE, expired.keyFile().toString(),
                BrokerConfig.TLS_CERT_FILE, expired.certFile().toString()));

        Throwable failure = describeFailure(admin(broker, tls.client()));

        assertThat(failure).isInstanceOf(AuthenticationException.class).hasMessageContaining("expired");
    }

    @Test
    void a_tls_client_at_a_plaintext_listener_is_told_the_broker_may_not_speak_tls() throws Exception {
        BrokerFixture broker = broker(Map.of());

        Throwable failure = describeFailure(admin(broker, tls.client()));

        assertThat(failure).isInstanceOf(AuthenticationException.class).hasMessageContaining("does not speak TLS");
    }

    @Test
    void missing_tls_files_stop_the_broker_with_an_error_naming_the_key() {
        Map<String, String> base = Map.of(BrokerConfig.LISTENER, "127.0.0.1:0", BrokerConfig.DATA_DIR, tmp.resolve("data").toString(),
                BrokerConfig.TLS_ENABLED, "true");

        assertThatThrownBy(() -> Broker.start(BrokerConfig.of(base))).isInstanceOf(ConfigException.class)
                .hasMessage("tls.enabled=true needs tls.key.file");

        Map<String, String> missingKey = new HashMap<>(tls.brokerConfig(base));
        missingKey.put(BrokerConfig.TLS_KEY_FILE, tmp.resolve("no-such.key.pem").toString());
        assertThatThrownBy(() -> Broker.start(BrokerConfig.of(missingKey))).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(BrokerConfig.TLS_KEY_FILE))
                .hasMessageStartingWith("tls.key.file: ").hasMessageContaining("no-such.key.pem").hasMessageNotContaining("\n");
    }

    @Test
    void renewed_certificate_files_reach_new_connections() throws Exception {
        // given a broker reading its certificate from files that an operator replaces, checked every 100 ms
        Path key = tmp.resolve("broker.key.pem");
        Path cert = tmp.resolve("broker.crt.pem");
        tls.broker.installAs(key, cert);
        BrokerFixture broker = broker(Map.of(BrokerConfig.TLS_ENABLED, "true", BrokerConfig.TLS_KEY_FILE, key.toString(),
                BrokerConfig.TLS_CERT_FILE, cert.toString(), BrokerConfig.TLS_RELOAD_INTERVAL_MS, "100"));
        TlsOptions client = TlsOptions.client(tls.ca.caFile());
        try (RawConnection before = TlsRawConnections.overTls(broker.port(), client)) {
            assertThat(before.serverCertificate().getSerialNumber()).isEqualTo(tls.broker.serial());
        }

        // when the files are replaced with a renewed certificate
        TestPki.Issued renewed = tls.ca.issue("broker", List.of("127.0.0.1"), List.of());
        renewed.installAs(key, cert);

        // then new connections get it, and the real client still connects
        BigInteger expected = renewed.serial();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (RawConnection after = TlsRawConnections.overTls(broker.port(), client)) {
                assertThat(after.serverCertificate().getSerialNumber()).isEqualTo(expected);
            }
        });
        assertThat(admin(broker, tls.client()).describeCluster().get(30, TimeUnit.SECONDS).brokers()).hasSize(1);
    }
}
