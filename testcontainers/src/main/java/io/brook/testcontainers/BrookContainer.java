package io.brook.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One Brook broker in a container, for an application's integration tests, in the manner of
 * Testcontainers' {@code KafkaContainer}: topics are created on first use (as with
 * {@code brook dev}), and {@link #getBootstrapServers()} is what the client's
 * {@code bootstrapServers} takes.
 *
 * <pre>{@code
 * try (BrookContainer brook = new BrookContainer()) {
 *     brook.start();
 *     Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(brook.getBootstrapServers()).build());
 * }
 * }</pre>
 *
 * <p>Networking: the broker listens on a port picked free on this machine, the same inside the
 * container and outside, so that the address it advertises works for the client. With an engine
 * that has a {@code bridge} network the port is published (bound to the same host port); with one
 * that has none (only the host's network, as on Brook's CI machines) the container uses the host's
 * network and listens on 127.0.0.1. {@link #withHostNetwork()} asks for the latter explicitly. The
 * free port is checked on this machine, so the Docker engine must run here too (not a remote
 * {@code DOCKER_HOST}).
 *
 * <p>Settings: {@link #withBrokerConfig(String, String)} takes any broker configuration key of
 * {@code docs/cli.md}, passed as its {@code BROOK_*} environment variable.
 *
 * <p>Not thread-safe: configure and start it from one thread.
 */
public class BrookContainer extends GenericContainer<BrookContainer> {

    private final int port;
    private Boolean hostNetwork;
    private int brokerId;

    /** A broker of {@link BrookImages#DEFAULT_IMAGE}. */
    public BrookContainer() {
        this(BrookImages.DEFAULT_IMAGE);
    }

    public BrookContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public BrookContainer(DockerImageName image) {
        super(image);
        this.port = freePort();
        withBrokerConfig("auto.create.topics", "true");
        withEnv("BROOK_JVM_OPTS", "-Xmx512m");
        waitingFor(registered());
    }

    /**
     * Sets a broker configuration key ({@code log.segment.bytes}, {@code auto.create.topics}, ...)
     * through its environment variable ({@code BROOK_LOG_SEGMENT_BYTES}).
     */
    public BrookContainer withBrokerConfig(String key, String value) {
        return withEnv(envName(key), value);
    }

    /** Runs the container on the host's network, listening on 127.0.0.1 (needs a Docker engine on this machine). */
    public BrookContainer withHostNetwork() {
        this.hostNetwork = true;
        return self();
    }

    /** This broker's id ({@code broker.id}); 0 unless set. */
    public BrookContainer withBrokerId(int id) {
        this.brokerId = id;
        return self();
    }

    public int getBrokerId() {
        return brokerId;
    }

    /** The port the broker listens on, inside the container and on the host alike. */
    public int getPort() {
        return port;
    }

    /** {@code host:port} for the client's {@code bootstrap.servers}; valid once configured for a network (at start). */
    public String getBootstrapServers() {
        return (usesHostNetwork() ? "127.0.0.1" : getHost()) + ":" + port;
    }

    /**
     * Whether the container runs on the host's network: as asked, else when the engine has no
     * {@code bridge} network (decided once, on first use).
     */
    public boolean usesHostNetwork() {
        if (hostNetwork == null) {
            hostNetwork = !BrookImages.hasBridgeNetwork();
        }
        return hostNetwork;
    }

    /** The port of the broker's peer listener (for other brokers): its client port + 100. */
    public int getPeerPort() {
        return port + 100;
    }

    /**
     * Lets other containers reach this broker's peer listener: it listens on every interface and its
     * peers must prove the cluster secret in {@code secret} (PEER_AUTH), which the container reads from a
     * file copied into it.
     */
    public BrookContainer withClusterSecret(String secret) {
        withCopyToContainer(org.testcontainers.images.builder.Transferable.of(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                0600), SECRET_FILE);
        withBrokerConfig("cluster.secret.file", SECRET_FILE);
        openPeerListener = true;
        return withBrokerConfig("peer.listener", "0.0.0.0:" + getPeerPort());
    }

    private boolean openPeerListener;

    private static final String SECRET_FILE = "/tmp/brook-cluster-secret";

    @Override
    protected void configure() {
        withEnv("BROOK_BROKER_ID", Integer.toString(brokerId));
        // the peer listener stays on loopback unless withClusterSecret opened it to other containers
        if (!openPeerListener) {
            withBrokerConfig("peer.listener", "127.0.0.1:" + getPeerPort());
        }
        if (usesHostNetwork()) {
            withNetworkMode("host");
            withEnv("BROOK_LISTENER", "127.0.0.1:" + port);
            withEnv("BROOK_ADVERTISED_LISTENER", "127.0.0.1:" + port);
        } else {
            withExposedPorts(port);
            setPortBindings(List.of(port + ":" + port));
            withEnv("BROOK_LISTENER", "0.0.0.0:" + port);
            withEnv("BROOK_ADVERTISED_LISTENER", getHost() + ":" + port);
        }
    }

    /**
     * Ready once the broker has registered with the controller: it then serves requests and can
     * place the replicas of new topics (in a cluster, that needs a quorum of voters running). Much
     * quicker than the image's health check, which starts a JVM per probe.
     */
    static org.testcontainers.containers.wait.strategy.WaitStrategy registered() {
        return Wait.forLogMessage("(?s).*Broker \\d+ registered as .*", 1).withStartupTimeout(Duration.ofMinutes(3));
    }

    /** The environment variable of a broker key, as the broker reads it: {@code log.segment.bytes} is {@code BROOK_LOG_SEGMENT_BYTES}. */
    static String envName(String key) {
        return "BROOK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for a Brook container", e);
        }
    }
}
