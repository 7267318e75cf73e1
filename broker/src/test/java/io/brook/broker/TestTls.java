package io.brook.broker;

import io.brook.broker.config.BrokerConfig;
import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.ClientSecurity;
import io.brook.protocol.security.tls.TlsOptions;
import io.brook.testsupport.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * TLS material for broker tests, made in a test's directory: a CA, a broker certificate for
 * {@code 127.0.0.1} (the address the in-process brokers listen on and advertise) and the broker and
 * client settings that use them.
 */
final class TestTls {

    final TestPki ca;
    final TestPki.Issued broker;

    TestTls(Path dir) {
        this.ca = TestPki.create(dir, "brook-test-ca");
        this.broker = ca.issue("broker", List.of("127.0.0.1"), List.of());
    }

    /** tls.key.file, tls.cert.file and tls.ca.file of the broker certificate, plus {@code extra}. */
    Map<String, String> brokerConfig(Map<String, String> extra) {
        Map<String, String> config = new java.util.HashMap<>(Map.of(BrokerConfig.TLS_KEY_FILE, broker.keyFile().toString(),
                BrokerConfig.TLS_CERT_FILE, broker.certFile().toString(), BrokerConfig.TLS_CA_FILE, ca.caFile().toString()));
        config.putAll(extra);
        return config;
    }

    /** A client that trusts this CA and presents no certificate. */
    ClientSecurity client() {
        return ClientSecurity.builder().tlsEnabled(true).tlsCaFile(ca.caFile()).build();
    }

    /** A client that trusts this CA and presents {@code certificate}. */
    ClientSecurity client(TestPki.Issued certificate) {
        return ClientSecurity.builder().tlsEnabled(true).tlsCaFile(ca.caFile()).tlsCertFile(certificate.certFile())
                .tlsKeyFile(certificate.keyFile()).build();
    }

    /** Options of a raw TLS test client that trusts this CA and presents {@code certificate}. */
    TlsOptions rawClient(TestPki.Issued certificate) {
        return TlsOptions.client(ca.caFile()).withClientCertificate(certificate.keyFile(), certificate.certFile());
    }

    /** An admin client of the broker at {@code bootstrap} with short timeouts. */
    static Admin admin(String bootstrap, ClientSecurity security) {
        return new Admin(AdminConfig.builder().bootstrapServers(bootstrap).clientId("tls-test-admin").security(security)
                .requestTimeoutMs(5_000).defaultApiTimeoutMs(10_000).retryBackoffMs(20).retryBackoffMaxMs(200).build());
    }
}
