package io.brook.cli;

import io.brook.broker.Broker;
import io.brook.broker.config.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A broker on 127.0.0.1 with an ephemeral port and a temporary data directory, for CLI tests; closing it deletes the directory. */
final class CliBroker implements AutoCloseable {

    private final Path dataDir;
    private final Broker broker;

    CliBroker(Map<String, String> overrides) {
        try {
            dataDir = Files.createTempDirectory("brook-cli-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>(overrides);
        config.put(BrokerConfig.LISTENER, "127.0.0.1:0");
        config.put(BrokerConfig.DATA_DIR, dataDir.toString());
        config.putIfAbsent(BrokerConfig.LOG_THREADS, "2");
        config.putIfAbsent(BrokerConfig.NETWORK_THREADS, "2");
        config.putIfAbsent(BrokerConfig.SHUTDOWN_TIMEOUT_MS, "5000");
        broker = Broker.start(BrokerConfig.of(config));
    }

    /** An address nothing listens on. */
    static String closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    Path dataDir() {
        return dataDir;
    }

    String bootstrap() {
        return "127.0.0.1:" + broker.address().getPort();
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            try (Stream<Path> walk = Files.walk(dataDir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
