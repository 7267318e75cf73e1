package io.brook.jepsen.db;

import io.brook.jepsen.nemesis.ClientProxy;
import io.brook.jepsen.nemesis.Network;
import io.brook.jepsen.powerfs.PowerFs;
import io.brook.jepsen.powerfs.PowerFsMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * N broker processes forming one cluster on 127.0.0.1 (the first three, or all when fewer, vote on
 * the cluster metadata), each on a free port with its own data directory under one root, optionally
 * on the power-loss file system, optionally with broker-to-broker traffic through a {@link Network}
 * of proxies, and optionally with client traffic through a {@link ClientProxy} per broker. Closing
 * it kills every process, closes the proxies, unmounts, and deletes the root unless told to keep it
 * (the content of a power-loss file system is then copied to {@code node<id>.files}).
 */
public final class LocalCluster implements AutoCloseable {

    private volatile io.brook.client.ClientSecurity clientSecurity = io.brook.client.ClientSecurity.NONE;

    private final Path root;
    private final List<BrokerProcess> brokers = new ArrayList<>();
    private final Network network;
    private final Map<Integer, ClientProxy> clientProxies = new LinkedHashMap<>();
    private final Map<Integer, PowerFsMount> mounts = new LinkedHashMap<>();
    private boolean powerFs;
    private boolean keepFiles;

    /**
     * @param config broker config for every node (e.g. faster Raft ticks for tests)
     */
    public LocalCluster(int nodes, Path root, Map<String, String> config) {
        this(nodes, root, config, false);
    }

    /**
     * @param proxied route all broker-to-broker traffic (partition Raft groups and the controller
     *     quorum) through a {@link Network} of proxies that the harness can cut
     */
    public LocalCluster(int nodes, Path root, Map<String, String> config, boolean proxied) {
        this(nodes, root, config, proxied, false);
    }

    /**
     * @param proxied route all broker-to-broker traffic through a {@link Network} of proxies
     * @param clientProxied give each broker a {@link ClientProxy} that it advertises to clients, so
     *     that client traffic after the bootstrap goes through it; {@link #bootstrap()} names the proxies
     */
    public LocalCluster(int nodes, Path root, Map<String, String> config, boolean proxied, boolean clientProxied) {
        this.root = root;
        // each broker's client listener, then each one's peer listener
        int[] all = ListenPorts.free(2 * nodes);
        int[] ports = java.util.Arrays.copyOf(all, nodes);
        int[] peerPorts = java.util.Arrays.copyOfRange(all, nodes, 2 * nodes);
        String voters = java.util.stream.IntStream.range(0, Math.min(3, nodes))
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + peerPorts[i]).collect(Collectors.joining(","));
        Map<Integer, Integer> byId = new LinkedHashMap<>();
        for (int i = 0; i < nodes; i++) {
            byId.put(i + 1, peerPorts[i]);
        }
        this.network = proxied ? new Network(byId) : null;
        for (int i = 0; i < nodes; i++) {
            Map<String, String> c = new LinkedHashMap<>(config);
            c.put("controller.voters", voters);
            c.put("peer.listener", "127.0.0.1:" + peerPorts[i]);
            if (network != null) {
                c.put("peer.addresses", network.peerAddresses(i + 1));
            }
            if (clientProxied) {
                ClientProxy proxy = new ClientProxy("broker " + (i + 1),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[i]));
                clientProxies.put(i + 1, proxy);
                c.put("advertised.listener", "127.0.0.1:" + proxy.port());
            }
            brokers.add(new BrokerProcess(i + 1, ports[i], root.resolve("node" + (i + 1)), root.resolve("node" + (i + 1) + ".log"), c));
        }
    }

    /**
     * Puts every broker's data directory on its own mount of the power-loss file system when the
     * cluster starts (call before {@link #start}); fails, saying why, where FUSE cannot be mounted.
     * Each mount's log is {@code node<id>.powerfs.log} beside the broker's.
     */
    public LocalCluster onPowerLossFs() {
        PowerFs.requireAvailable();
        powerFs = true;
        return this;
    }

    /** The power-loss file system under {@code broker}'s data directory; fails unless {@link #onPowerLossFs()}. */
    public PowerFsMount powerLossFs(BrokerProcess broker) {
        PowerFsMount m = mounts.get(broker.id());
        if (m == null) {
            throw new IllegalStateException("broker " + broker.id() + "'s data directory is not on the power-loss file "
                    + "system: build the cluster with onPowerLossFs()");
        }
        return m;
    }

    /** Starts every broker and waits until all have started. */
    public LocalCluster start(long timeoutMs) {
        if (powerFs && mounts.isEmpty()) {
            for (BrokerProcess b : brokers) {
                mounts.put(b.id(), PowerFsMount.mount(b.dataDir(), root.resolve("node" + b.id() + ".powerfs.log")));
            }
        }
        brokers.forEach(BrokerProcess::start);
        for (BrokerProcess b : brokers) {
            b.awaitStarted(timeoutMs);
        }
        return this;
    }

    public List<BrokerProcess> brokers() {
        return brokers;
    }

    public BrokerProcess broker(int id) {
        return brokers.get(id - 1);
    }

    /** Comma-separated addresses of all brokers for clients: their client proxies' when they have them. */
    /** How the harness's own clients (probes) connect: TLS and SASL settings, none by default. */
    public io.brook.client.ClientSecurity clientSecurity() {
        return clientSecurity;
    }

    /** Sets how the harness's own clients connect, once the cluster requires it. */
    public void clientSecurity(io.brook.client.ClientSecurity security) {
        this.clientSecurity = java.util.Objects.requireNonNull(security, "security");
    }

    /** The port of broker {@code id}'s peer listener (broker-to-broker traffic). */
    public int peerPort(int id) {
        String v = broker(id).config().get("peer.listener");
        return Integer.parseInt(v.substring(v.lastIndexOf(':') + 1));
    }

    public String bootstrap() {
        if (!clientProxies.isEmpty()) {
            return clientProxies.values().stream().map(p -> "127.0.0.1:" + p.port()).collect(Collectors.joining(","));
        }
        return brokers.stream().map(BrokerProcess::address).collect(Collectors.joining(","));
    }

    /** The proxy between clients and broker {@code id}; fails when the cluster was built without client proxies. */
    public ClientProxy clientProxy(int id) {
        ClientProxy p = clientProxies.get(id);
        if (p == null) {
            throw new IllegalStateException("broker " + id + " has no client proxy: build the cluster with clientProxied");
        }
        return p;
    }

    /** The proxies between the brokers, or {@code null} when the cluster was built without them. */
    public Network network() {
        return network;
    }

    public Path root() {
        return root;
    }

    /** Keep the data directories and logs after close (for a failing test's report). */
    public void keepFiles() {
        keepFiles = true;
    }

    @Override
    public void close() {
        for (BrokerProcess b : brokers) {
            b.close();
        }
        for (PowerFsMount m : mounts.values()) {
            if (keepFiles) {
                copyTree(m.mountpoint(), root.resolve(m.mountpoint().getFileName() + ".files"));
            }
            m.close();
        }
        if (network != null) {
            network.close();
        }
        clientProxies.values().forEach(ClientProxy::close);
        if (!keepFiles) {
            deleteTree(root);
        }
    }

    /**
     * Copies what a power-loss file system holds to a real directory before it is unmounted, which
     * discards it. Best effort: a file that cannot be copied is named in the output.
     */
    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("could not copy all of " + from + " to " + to + ": " + e);
        }
    }

    /**
     * Deletes {@code dir} and everything under it; nothing happens when it does not exist. A stale
     * power-loss file system mounted there (a run that was killed) is detached first.
     */
    public static void deleteTree(Path dir) {
        PowerFs.unmountUnder(dir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
