package io.brook.protocol.security.tls;

import io.brook.testsupport.tls.TestPki;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the TLS socket tests share, registered with {@code @RegisterExtension}: before each test a
 * fresh directory with a test CA, and an {@link EchoClient}; at most one {@link EchoServer}. After
 * each test, pass or fail, the server and the client's event loops are stopped and the directory
 * (keys included) is deleted.
 */
final class TlsFixture implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private TestPki pki;
    private EchoClient client;
    private EchoServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("brook-tls-");
        pki = TestPki.create(dir, "brook-test-ca");
        client = new EchoClient();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            client.close();
            deleteRecursively(dir);
        }
    }

    /** The test's directory, where the CA and issued certificates are written. */
    Path dir() {
        return dir;
    }

    TestPki pki() {
        return pki;
    }

    /** A certificate for {@code broker-1} that names 127.0.0.1, from the test CA. */
    TestPki.Issued brokerCertificate() {
        return pki.issue("broker-1", List.of("127.0.0.1"), List.of());
    }

    /** Starts the echo server with a fixed server context built from {@code options} for {@code provider}. */
    EchoServer startServer(TlsOptions options, SslProvider provider) {
        SslContext context = SslContexts.forServer(TlsProviders.using(options, provider));
        return startServer(() -> context);
    }

    /** Starts the echo server; each connection takes the context {@code contexts} gives when it is accepted. */
    EchoServer startServer(Supplier<SslContext> contexts) {
        server = EchoServer.start(contexts);
        return server;
    }

    /** Connects to the server with a client context built from {@code options} for {@code provider}. */
    EchoClient.Connection connect(TlsOptions options, SslProvider provider) {
        return client.connect(SslContexts.forClient(TlsProviders.using(options, provider)), server.port());
    }

    /** Connects to the server as a client that trusts the test CA. */
    EchoClient.Connection connectTrustingTheCa(SslProvider provider) {
        return connect(TlsOptions.client(pki.caFile()), provider);
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
