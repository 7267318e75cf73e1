package io.brook.cli;

import io.brook.broker.Broker;
import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.Partition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Three in-process brokers on 127.0.0.1 (ids 1 to 3, all controller voters) with automatic leader balancing off,
 * for CLI tests; closing it stops them and deletes their data directories, even after a failure.
 */
final class CliCluster implements AutoCloseable {

    private final Map<Integer, Map<String, String>> configs = new TreeMap<>();
    private final Map<Integer, Broker> brokers = new TreeMap<>();
    private final List<Path> dirs = new ArrayList<>();

    CliCluster() throws IOException {
        int[] ports = new int[6];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < ports.length; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        String voters = "1@127.0.0.1:" + ports[3] + ",2@127.0.0.1:" + ports[4] + ",3@127.0.0.1:" + ports[5];
        try {
            for (int id = 1; id <= 3; id++) {
                Path dir = Files.createTempDirectory("brook-cli-cluster-" + id);
                dirs.add(dir);
                configs.put(id, Map.of(BrokerConfig.BROKER_ID, String.valueOf(id), BrokerConfig.LISTENER, "127.0.0.1:" + ports[id - 1],
                        BrokerConfig.PEER_LISTENER, "127.0.0.1:" + ports[id + 2], BrokerConfig.DATA_DIR, dir.toString(),
                        BrokerConfig.CONTROLLER_VOTERS, voters, BrokerConfig.LEADER_REBALANCE_ENABLED, "false",
                        BrokerConfig.LOG_THREADS, "1", BrokerConfig.NETWORK_THREADS, "1", BrokerConfig.SHUTDOWN_TIMEOUT_MS, "5000"));
            }
            for (int id = 1; id <= 3; id++) {
                start(id);
            }
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    /** Starts (or restarts) broker {@code id} with its data directory. */
    void start(int id) {
        brokers.put(id, Broker.start(BrokerConfig.of(configs.get(id))));
    }

    void stop(int id) {
        brokers.remove(id).close();
    }

    Map<Integer, Broker> brokers() {
        return brokers;
    }

    /** Broker 1's client address. */
    String bootstrap() {
        return "127.0.0.1:" + brokers.get(1).address().getPort();
    }

    /** The broker that leads the partition now, or -1. */
    int leaderOf(String topic, int partition) {
        for (Map.Entry<Integer, Broker> e : brokers.entrySet()) {
            Partition p = e.getValue().partitions().get(topic, partition);
            if (p != null && p.isLeader()) {
                return e.getKey();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        brokers.values().forEach(Broker::close);
        brokers.clear();
        for (Path d : dirs) {
            try (Stream<Path> walk = Files.walk(d)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
