package io.brook.broker;

import io.brook.broker.config.BrokerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Three brokers in this JVM, each with its client and peer listener on a free loopback port, its own
 * temp data directory, and the first {@code voters} of them as controller voters. {@link #close()}
 * stops every broker still running and deletes the directories, also after a failed test.
 */
final class InProcessCluster implements AutoCloseable {

    private final Map<Integer, Broker> brokers = new TreeMap<>();
    private final Map<Integer, BrokerConfig> configs = new HashMap<>();
    private final List<Path> dirs = new ArrayList<>();
    private final int[] ports;
    private final int[] peerPorts;

    /**
     * @param extra config for every broker, on top of small thread counts and a 5 s shutdown timeout
     */
    InProcessCluster(int voters, Map<String, String> extra) throws IOException {
        int[] all = freePorts(6);
        this.ports = java.util.Arrays.copyOf(all, 3);
        this.peerPorts = java.util.Arrays.copyOfRange(all, 3, 6);
        StringBuilder v = new StringBuilder();
        for (int id = 1; id <= voters; id++) {
            v.append(v.length() == 0 ? "" : ",").append(id).append("@127.0.0.1:").append(peerPorts[id - 1]);
        }
        for (int id = 1; id <= 3; id++) {
            Path dir = Files.createTempDirectory("brook-cluster-" + id);
            dirs.add(dir);
            Map<String, String> config = new HashMap<>(Map.of(BrokerConfig.BROKER_ID, String.valueOf(id),
                    BrokerConfig.LISTENER, "127.0.0.1:" + ports[id - 1], BrokerConfig.PEER_LISTENER, "127.0.0.1:" + peerPorts[id - 1],
                    BrokerConfig.DATA_DIR, dir.toString(), BrokerConfig.CONTROLLER_VOTERS, v.toString(), BrokerConfig.GROUPS_TOPIC_PARTITIONS, "1",
                    BrokerConfig.LOG_THREADS, "1", BrokerConfig.NETWORK_THREADS, "1", BrokerConfig.SHUTDOWN_TIMEOUT_MS, "5000"));
            config.putAll(extra);
            configs.put(id, BrokerConfig.of(config));
        }
    }

    /** Starts every broker. */
    InProcessCluster start() {
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
        return this;
    }

    /** Starts (or restarts) broker {@code id} with its config. */
    Broker start(int id) {
        Broker b = Broker.start(configs.get(id));
        brokers.put(id, b);
        return b;
    }

    /** Stops broker {@code id} (gracefully). */
    void stop(int id) {
        Broker b = brokers.remove(id);
        if (b != null) {
            b.close();
        }
    }

    Broker broker(int id) {
        return brokers.get(id);
    }

    /** The running broker whose replica of {@code topic}-{@code partition} leads, or -1. */
    int leaderOf(String topic, int partition) {
        for (Map.Entry<Integer, Broker> e : brokers.entrySet()) {
            io.brook.broker.partition.Partition replica = e.getValue().partitions().get(topic, partition);
            if (replica != null && replica.isLeader()) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The running brokers by id. */
    Map<Integer, Broker> running() {
        return brokers;
    }

    /** Client listener port of broker {@code id}. */
    int port(int id) {
        return ports[id - 1];
    }

    /** Client listener ports, broker 1 first. */
    int[] ports() {
        return ports.clone();
    }

    /** Peer listener port of broker {@code id}. */
    int peerPort(int id) {
        return peerPorts[id - 1];
    }

    @Override
    public void close() throws IOException {
        brokers.values().forEach(Broker::close);
        brokers.clear();
        for (Path d : dirs) {
            try (Stream<Path> walk = Files.walk(d)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
