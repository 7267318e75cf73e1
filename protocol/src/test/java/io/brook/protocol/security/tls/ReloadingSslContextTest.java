package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.testsupport.NettyLeakCheck;
import io.brook.testsupport.tls.TestPki;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replacing a server's certificate while it runs: new connections see it, old ones carry on. */
@ExtendWith(NettyLeakCheck.class)
class ReloadingSslContextTest {

    @RegisterExtension
    final TlsFixture tls = new TlsFixture();

    private Path keyFile;
    private Path certFile;
    private TestPki.Issued first;
    private ReloadingSslContext reloading;
    private ScheduledThreadPoolExecutor executor;

    @BeforeEach
    void installFirstCertificate() {
        keyFile = tls.dir().resolve("server.key.pem");
        certFile = tls.dir().resolve("server.crt.pem");
        first = tls.brokerCertificate();
        first.installAs(keyFile, certFile);
    }

    @AfterEach
    void stop() {
        if (reloading != null) {
            reloading.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void startServer(TlsOptions options) {
        reloading = ReloadingSslContext.forServer(options);
        tls.startServer(reloading::current);
    }

    @ParameterizedTest
    @MethodSource("io.brook.protocol.security.tls.TlsProviders#available")
    void aNewConnectionSeesTheReplacedCertificateWhileAnExistingOneKeepsWorking(SslProvider provider)
            throws Exception {
        // given
        startServer(TlsProviders.using(TlsOptions.server(keyFile, certFile, null), provider));
        EchoClient.Connection before = tls.connectTrustingTheCa(provider);
        assertThat(before.serverCertificate().getSerialNumber()).isEqualTo(first.serial());

        // when
        TestPki.Issued second = tls.brokerCertificate();
        second.installAs(keyFile, certFile);
        ReloadingSslContext.Check check = reloading.checkNow();

        // then
        assertThat(check).isEqualTo(ReloadingSslContext.Check.RELOADED);
        assertThat(second.serial()).isNotEqualTo(first.serial());
        EchoClient.Connection after = tls.connectTrustingTheCa(provider);
        assertThat(after.serverCertificate().getSerialNumber()).isEqualTo(second.serial());
        assertThat(after.echo("new connection")).isEqualTo("new connection");
        assertThat(before.echo("old connection")).isEqualTo("old connection");
    }

    @ParameterizedTest
    @MethodSource("io.brook.protocol.security.tls.TlsProviders#available")
    void brokenReplacementFilesKeepThePreviousContext(SslProvider provider) throws Exception {
        // given
        startServer(TlsProviders.using(TlsOptions.server(keyFile, certFile, null), provider));
        SslContext original = reloading.current();

        // when: a damaged certificate file
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
                StandardCharsets.US_ASCII);

        // then
        assertThat(reloading.checkNow()).isEqualTo(ReloadingSslContext.Check.REJECTED);
        assertThat(reloading.checkNow()).as("same broken files again").isEqualTo(ReloadingSslContext.Check.REJECTED);
        assertThat(reloading.current()).isSameAs(original);
        EchoClient.Connection connection = tls.connectTrustingTheCa(provider);
        assertThat(connection.serverCertificate().getSerialNumber()).isEqualTo(first.serial());
        assertThat(connection.echo("still the old certificate")).isEqualTo("still the old certificate");
    }

    @Test
    void aCertificateReplacedBeforeItsKeyIsRejectedUntilTheKeyFollows() {
        // given
        startServer(TlsOptions.server(keyFile, certFile, null));
        SslContext original = reloading.current();
        TestPki.Issued second = tls.brokerCertificate();

        // when: half-way through a rotation, the certificate is new and the key still old
        second.installAs(tls.dir().resolve("ignored.key.pem"), certFile);
        ReloadingSslContext.Check halfWay = reloading.checkNow();
        second.installAs(keyFile, certFile);
        ReloadingSslContext.Check done = reloading.checkNow();

        // then
        assertThat(halfWay).isEqualTo(ReloadingSslContext.Check.REJECTED);
        assertThat(done).isEqualTo(ReloadingSslContext.Check.RELOADED);
        assertThat(reloading.current()).isNotSameAs(original);
    }

    @Test
    void unchangedFilesAreNotReloaded() {
        // given
        startServer(TlsOptions.server(keyFile, certFile, null));
        SslContext original = reloading.current();

        // when
        ReloadingSslContext.Check check = reloading.checkNow();

        // then
        assertThat(check).isEqualTo(ReloadingSslContext.Check.UNCHANGED);
        assertThat(reloading.current()).isSameAs(original);
    }

    @Test
    void aScheduledCheckPicksUpAReplacementAndCloseCancelsIt() {
        // given
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        startServer(TlsOptions.server(keyFile, certFile, null).withReloadInterval(Duration.ofMillis(20)));
        SslContext original = reloading.current();
        reloading.schedule(executor);

        // when
        tls.brokerCertificate().installAs(keyFile, certFile);

        // then
        await().atMost(30, TimeUnit.SECONDS).until(() -> reloading.current() != original);
        reloading.close();
        assertThat(executor.getQueue()).as("scheduled checks after close").isEmpty();
        assertThatThrownBy(() -> reloading.schedule(executor)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aZeroIntervalSchedulesNothing() {
        // given
        executor = new ScheduledThreadPoolExecutor(1);
        startServer(TlsOptions.server(keyFile, certFile, null));

        // when
        reloading.schedule(executor);

        // then
        assertThat(executor.getQueue()).isEmpty();
    }

    @Test
    void filesThatCannotBeUsedAtStartFailFast() throws Exception {
        // given
        Files.writeString(keyFile, "no key here", StandardCharsets.US_ASCII);

        // when / then
        assertThatThrownBy(() -> ReloadingSslContext.forServer(TlsOptions.server(keyFile, certFile, null)))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining(keyFile.toString());
    }
}
