package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.config.BrokerConfig;
import io.brook.testsupport.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook cluster status} against a broker whose client listener speaks only TLS: it takes the
 * same {@code --tls*} flags as every client command and sees the broker with them; without them the
 * broker does not answer.
 */
class ClusterStatusSecureTest {

    @TempDir
    Path dir;

    private CliBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void status_reaches_a_tls_broker_with_the_tls_flags_only() {
        // given
        TestPki pki = TestPki.create(dir, "status");
        TestPki.Issued cert = pki.issue("broker", List.of("127.0.0.1"), List.of("localhost"));
        broker = new CliBroker(Map.of(BrokerConfig.TLS_ENABLED, "true", BrokerConfig.TLS_KEY_FILE, cert.keyFile().toString(),
                BrokerConfig.TLS_CERT_FILE, cert.certFile().toString(), BrokerConfig.TLS_CA_FILE, pki.caFile().toString()));
        Path empty = dir.resolve("no-record");

        // when
        Cli.Result secure = Cli.run("cluster", "status", "--data", empty.toString(), "--bootstrap", broker.bootstrap(),
                "--tls-ca", pki.caFile().toString(), "--output", "json");
        Cli.Result plain = Cli.run("cluster", "status", "--data", empty.toString(), "--bootstrap", broker.bootstrap(),
                "--timeout-ms", "2000");

        // then
        assertThat(secure.exitCode()).as("%s", secure).isZero();
        assertThat(secure.out()).contains("\"alive\":true");
        assertThat(plain.exitCode()).as("%s", plain).isEqualTo(ExitCodes.UNAVAILABLE);
    }
}
