package io.brook.broker;

import io.brook.broker.config.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A broker on 127.0.0.1 with an ephemeral port and a temporary data directory, for tests. Closing
 * it stops the broker and deletes the directory; {@link #restart()} keeps the directory.
 */
public final class BrokerFixture implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> overrides;
    private Broker broker;

    public BrokerFixture(Map<String, String> overrides) {
        try {
            this.dataDir = Files.createTempDirectory("brook-broker-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.overrides = new LinkedHashMap<>(overrides);
        this.overrides.put(BrokerConfig.LISTENER, "127.0.0.1:0");
        this.overrides.put(BrokerConfig.DATA_DIR, dataDir.toString());
        this.overrides.putIfAbsent(BrokerConfig.LOG_THREADS, "2");
        this.overrides.putIfAbsent(BrokerConfig.NETWORK_THREADS, "2");
        this.overrides.putIfAbsent(BrokerConfig.SHUTDOWN_TIMEOUT_MS, "5000");
        start();
    }

    public static BrokerFixture start(Map<String, String> overrides) {
        return new BrokerFixture(overrides);
    }

    private void start() {
        broker = Broker.start(BrokerConfig.of(overrides));
        // later restarts must come back on the same port so that clients can reconnect
        overrides.put(BrokerConfig.LISTENER, "127.0.0.1:" + broker.address().getPort());
        overrides.put(BrokerConfig.PEER_LISTENER, "127.0.0.1:" + broker.peerAddress().getPort());
    }

    public Broker broker() {
        return broker;
    }

    public int port() {
        return broker.address().getPort();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker gracefully and starts it again on the same data and port. */
    public void restart() {
        restart(() -> {});
    }

    /** Like {@link #restart()}, with {@code changes} applied to the configuration from now on. */
    public void restart(Map<String, String> changes) {
        restart(() -> overrides.putAll(changes));
    }

    /** Like {@link #restart()}, running {@code whileStopped} (e.g. damaging files) between stop and start. */
    public void restart(Runnable whileStopped) {
        broker.close();
        whileStopped.run();
        start();
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
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
