package io.brook.replication.control.atomix;

import ch.qos.logback.classic.Level;
import io.brook.replication.control.memory.InMemoryControlNetwork;
import io.brook.replication.control.memory.InMemoryControlTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * Brokers' controller clients in one JVM over an {@link InMemoryControlNetwork}: voters 1..n (addresses
 * {@code broker-<id>:9093}) plus any non-voters a test starts. Each voter keeps its Raft storage under
 * {@code <dir>/broker-<id>/controller}, so a stopped voter can be started again on it. {@link #close()}
 * stops every broker that is still running, then the network.
 */
final class ControlCluster implements AutoCloseable {

    static {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.atomix")).setLevel(Level.WARN);
    }

    private final Path dir;
    private final String voters;
    private final UnaryOperator<AtomixClusterMetadata.Builder> settings;
    private final InMemoryControlNetwork network = new InMemoryControlNetwork();
    private final Map<Integer, AtomixClusterMetadata> running = new TreeMap<>();
    private final Map<Integer, InMemoryControlTransport> transports = new TreeMap<>();

    ControlCluster(Path dir, int voterCount) {
        this(dir, voterCount, UnaryOperator.identity());
    }

    ControlCluster(Path dir, int voterCount, UnaryOperator<AtomixClusterMetadata.Builder> settings) {
        this.dir = dir;
        this.settings = settings;
        List<String> entries = new ArrayList<>();
        for (int id = 1; id <= voterCount; id++) {
            entries.add(id + "@" + address(id));
        }
        this.voters = String.join(",", entries);
    }

    static String address(int id) {
        return "broker-" + id + ":9093";
    }

    /** Test timing: faster than the defaults, still well above the in-JVM round trip. */
    static AtomixClusterMetadata.Builder fast(AtomixClusterMetadata.Builder b) {
        return b.electionTimeout(Duration.ofMillis(600))
                .heartbeatInterval(Duration.ofMillis(150))
                .requestTimeout(Duration.ofSeconds(1))
                .sessionTimeout(Duration.ofSeconds(5))
                .commandTimeout(Duration.ofSeconds(10));
    }

    InMemoryControlNetwork network() {
        return network;
    }

    /** Starts broker {@code id} (a voter if {@code id} is in 1..n) on its own endpoint. */
    synchronized AtomixClusterMetadata start(int id) {
        if (running.containsKey(id)) {
            throw new IllegalStateException("broker " + id + " is running");
        }
        InMemoryControlTransport t = network.endpoint(address(id));
        try {
            AtomixClusterMetadata m = settings.apply(AtomixClusterMetadata.builder()
                    .brokerId(id)
                    .address(address(id))
                    .voters(voters)
                    .dataDirectory(dir.resolve("broker-" + id).resolve("controller"))
                    .transport(t)).build();
            running.put(id, m);
            transports.put(id, t);
            return m;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    synchronized AtomixClusterMetadata get(int id) {
        AtomixClusterMetadata m = running.get(id);
        if (m == null) {
            throw new IllegalStateException("broker " + id + " is not running");
        }
        return m;
    }

    /** Closes broker {@code id}'s controller client and its endpoint (like a crash, minus the lost writes). */
    void stop(int id) {
        AtomixClusterMetadata m;
        InMemoryControlTransport t;
        synchronized (this) {
            m = running.remove(id);
            t = transports.remove(id);
        }
        try {
            if (m != null) {
                m.close();
            }
        } finally {
            if (t != null) {
                t.close();
            }
        }
    }

    synchronized List<Integer> runningIds() {
        return new ArrayList<>(running.keySet());
    }

    /** Stops every running broker in parallel (a broker without a quorum waits for its session close). */
    @Override
    public void close() {
        List<Integer> ids;
        synchronized (this) {
            ids = new ArrayList<>(running.keySet());
        }
        List<Thread> stoppers = new ArrayList<>();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        for (int id : ids) {
            Thread t = new Thread(() -> {
                try {
                    stop(id);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "stop-broker-" + id);
            t.start();
            stoppers.add(t);
        }
        try {
            for (Thread t : stoppers) {
                t.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        network.close();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
