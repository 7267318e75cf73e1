package io.brook.testcontainers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * A cluster of Brook brokers in containers, ids 1..N, the first three of them the controller
 * voters; for tests of replication, failover and {@code acks=all}. Started together (a broker
 * registers only once a quorum of voters runs) and ready once every broker has registered.
 *
 * <pre>{@code
 * try (BrookCluster cluster = new BrookCluster(3)) {
 *     cluster.start();
 *     Admin admin = new Admin(AdminConfig.builder().bootstrapServers(cluster.getBootstrapServers()).build());
 *     admin.createTopics(List.of(new NewTopic("orders", 3, 3))).get();
 *     cluster.getBroker(1).stop();   // a broker failure
 * }
 * }</pre>
 *
 * <p>Networking as {@link BrookContainer} says. On a {@code bridge} network the brokers reach one
 * another by network aliases ({@code brook-1}, ...: {@code controller.voters} and
 * {@code peer.addresses}) and clients reach them at the published ports; on the host's network,
 * everything is on 127.0.0.1. Auto-creation of topics is off, as on a production cluster.
 *
 * <p>Not thread-safe: configure, start and stop it from one thread.
 */
public final class BrookCluster implements Startable {

    private static final int MAX_VOTERS = 3;

    private final List<BrookContainer> brokers = new ArrayList<>();
    private Network network;

    /** {@code size} brokers of {@link BrookImages#DEFAULT_IMAGE}. */
    public BrookCluster(int size) {
        this(BrookImages.DEFAULT_IMAGE, size);
    }

    public BrookCluster(String image, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 broker, got " + size);
        }
        for (int id = 1; id <= size; id++) {
            brokers.add(new BrookContainer(DockerImageName.parse(image)).withBrokerId(id)
                    .withBrokerConfig("auto.create.topics", "false"));
        }
    }

    /** Sets a broker configuration key on every broker (see {@link BrookContainer#withBrokerConfig}). */
    public BrookCluster withBrokerConfig(String key, String value) {
        brokers.forEach(b -> b.withBrokerConfig(key, value));
        return this;
    }

    /** Runs every broker on the host's network (see {@link BrookContainer#withHostNetwork()}). */
    public BrookCluster withHostNetwork() {
        brokers.forEach(BrookContainer::withHostNetwork);
        return this;
    }

    /** The brokers, by id from 1. */
    public List<BrookContainer> getBrokers() {
        return List.copyOf(brokers);
    }

    /** The broker with this id (1..N). */
    public BrookContainer getBroker(int id) {
        if (id < 1 || id > brokers.size()) {
            throw new IllegalArgumentException("this cluster has brokers 1 to " + brokers.size() + ", not " + id);
        }
        return brokers.get(id - 1);
    }

    /** Every broker's address, comma-separated, for the client's {@code bootstrap.servers}. */
    public String getBootstrapServers() {
        return brokers.stream().map(BrookContainer::getBootstrapServers).collect(Collectors.joining(","));
    }

    @Override
    public void start() {
        boolean host = brokers.get(0).usesHostNetwork();
        if (!host && network == null) {
            network = Network.newNetwork();
        }
        List<String> inside = new ArrayList<>();
        for (BrookContainer b : brokers) {
            inside.add(b.getBrokerId() + "@" + (host ? "127.0.0.1" : alias(b)) + ":" + b.getPeerPort());
        }
        String voters = String.join(",", inside.subList(0, Math.min(MAX_VOTERS, inside.size())));
        // between containers the peer listeners are reachable by others: the brokers authenticate each other
        byte[] secret = new byte[48];
        new java.security.SecureRandom().nextBytes(secret);
        String clusterSecret = java.util.Base64.getEncoder().encodeToString(secret);
        for (BrookContainer b : brokers) {
            b.withBrokerConfig("controller.voters", voters);
            if (host) {
                b.withHostNetwork();
            } else {
                b.withNetwork(network).withNetworkAliases(alias(b)).withBrokerConfig("peer.addresses", String.join(",", inside))
                        .withBrokerConfig("advertised.peer.listener", alias(b) + ":" + b.getPeerPort()).withClusterSecret(clusterSecret);
            }
        }
        try {
            Startables.deepStart(brokers).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while starting the Brook cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            stop();
            throw new IllegalStateException("the Brook cluster did not start: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /** Stops every broker (each stop is tried even when another fails) and removes the network; idempotent. */
    @Override
    public void stop() {
        RuntimeException first = null;
        for (BrookContainer b : brokers) {
            try {
                b.stop();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (network != null) {
            network.close();
            network = null;
        }
        if (first != null) {
            throw first;
        }
    }

    private static String alias(BrookContainer b) {
        return "brook-" + b.getBrokerId();
    }
}
