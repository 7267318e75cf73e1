package io.brook.jepsen.nemesis;

import io.brook.jepsen.client.AdminChanges;
import io.brook.jepsen.client.GroupMembers;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.ClusterProbe;
import io.brook.jepsen.db.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What a {@link Nemesis} acts on: the cluster (its processes and, when proxied, its network), a probe
 * to find leaders, the topic under test, and the run's seeded random source, so that a seed replays
 * the same choices of victims.
 *
 * @param restartTimeoutMs how long a restarted broker may take to register again
 * @param admin admin changes recorded in the run's history (a nemesis that creates a topic makes it
 *     there, so that the end of the run checks it); {@code null} when the run records none
 * @param spared brokers that another fault in force already struck: the choices below avoid them
 * @param group the subscribe workload's consumer group (what {@link ConsumerKillNemesis} kills), or
 *     {@code null} when the run has none
 */
public record FaultContext(LocalCluster cluster, ClusterProbe probe, Random random, String topic, int partitions,
                           long restartTimeoutMs, AdminChanges admin, Set<Integer> spared, GroupMembers group) {

    public FaultContext {
        spared = Set.copyOf(spared);
    }

    /** A context without recorded admin changes. */
    public FaultContext(LocalCluster cluster, ClusterProbe probe, Random random, String topic, int partitions,
                        long restartTimeoutMs) {
        this(cluster, probe, random, topic, partitions, restartTimeoutMs, null, Set.of(), null);
    }

    /** A context that records admin changes in {@code admin}. */
    public FaultContext(LocalCluster cluster, ClusterProbe probe, Random random, String topic, int partitions,
                        long restartTimeoutMs, AdminChanges admin) {
        this(cluster, probe, random, topic, partitions, restartTimeoutMs, admin, Set.of(), null);
    }

    /** This context, with the run's consumer group. */
    public FaultContext withGroup(GroupMembers members) {
        return new FaultContext(cluster, probe, random, topic, partitions, restartTimeoutMs, admin, spared, members);
    }

    /** This context, with {@code brokers} spared as well (for a fault injected while another is in force). */
    public FaultContext sparing(Set<Integer> brokers) {
        Set<Integer> all = new java.util.HashSet<>(spared);
        all.addAll(brokers);
        return new FaultContext(cluster, probe, random, topic, partitions, restartTimeoutMs, admin, all, group);
    }

    private List<BrokerProcess> candidates() {
        List<BrokerProcess> all = cluster.brokers().stream().filter(b -> !spared.contains(b.id())).toList();
        if (all.isEmpty()) {
            throw new IllegalStateException("every broker is spared: " + spared);
        }
        return all;
    }

    /** The network between the brokers; fails when the cluster was built without proxies. */
    public Network network() {
        Network n = cluster.network();
        if (n == null) {
            throw new IllegalStateException("network faults need a cluster whose broker links go through proxies");
        }
        return n;
    }

    /** The proxy between clients and {@code broker}; fails when the run has none (see {@link Nemesis#needsClientProxies()}). */
    public ClientProxy clientProxy(BrokerProcess broker) {
        return cluster.clientProxy(broker.id());
    }

    /** A random broker (not a spared one). */
    public BrokerProcess randomBroker() {
        List<BrokerProcess> all = candidates();
        return all.get(random.nextInt(all.size()));
    }

    /** A random partition of the topic. */
    public int randomPartition() {
        return random.nextInt(partitions);
    }

    /**
     * The leader of {@code partition}, or a random broker when no leader is known right now (during an
     * election the fault still lands somewhere) or the leader is spared.
     */
    public BrokerProcess leaderOr(int partition) {
        int leader = probe.leaderOf(topic, partition);
        return leader > 0 && !spared.contains(leader) ? cluster.broker(leader) : randomBroker();
    }

    /** {@code n} distinct brokers (not spared ones) in random order. */
    public List<BrokerProcess> randomBrokers(int n) {
        List<BrokerProcess> all = new ArrayList<>(candidates());
        java.util.Collections.shuffle(all, random);
        return List.copyOf(all.subList(0, n));
    }

    /** Starts {@code broker} again and waits until it has registered. */
    public void restart(BrokerProcess broker) {
        if (!broker.isAlive()) {
            broker.start();
            broker.awaitStarted(restartTimeoutMs);
        }
    }

    /**
     * Starts every broker of {@code brokers} that is down, all at once, then waits until each has
     * registered: a majority that restarts together needs each other to form the controller quorum.
     */
    public void restartAll(List<BrokerProcess> brokers) {
        List<BrokerProcess> waiting = new ArrayList<>(brokers.stream().filter(b -> !b.isAlive()).toList());
        waiting.forEach(BrokerProcess::start);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(restartTimeoutMs);
        while (!waiting.isEmpty()) {
            List<String> exited = new ArrayList<>();
            waiting.removeIf(b -> {
                try {
                    return b.hasStarted();
                } catch (IllegalStateException e) {
                    exited.add(e.getMessage());
                    return false;
                }
            });
            if (!exited.isEmpty()) {
                throw new IllegalStateException(String.join("; ", exited));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("brokers " + waiting.stream().map(b -> String.valueOf(b.id())).toList()
                        + " did not start within " + restartTimeoutMs + " ms; see their logs");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The size of a majority of the brokers. */
    public int majority() {
        return cluster.brokers().size() / 2 + 1;
    }
}
