package io.brook.jepsen.db;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicDescription;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Asks a cluster what state it is in, through short-lived {@link Admin} clients bootstrapped from the
 * brokers that are running and not paused (so a question never waits on a frozen process). Every
 * method returns a best answer or a "don't know" value instead of throwing: the harness asks while
 * faults are in force. Used from one harness thread.
 */
public final class ClusterProbe {

    private static final int TIMEOUT_MS = 5_000;

    private final LocalCluster cluster;

    public ClusterProbe(LocalCluster cluster) {
        this.cluster = cluster;
    }

    private String liveBootstrap() {
        return cluster.brokers().stream().filter(BrokerProcess::isResponsive).map(BrokerProcess::address)
                .collect(Collectors.joining(","));
    }

    /** The topic's partitions as the first live broker that answers describes them, or an empty map. */
    public Map<Integer, PartitionInfo> partitions(String topic) {
        String bootstrap = liveBootstrap();
        return bootstrap.isEmpty() ? Map.of() : partitionsOn(bootstrap, topic);
    }

    private Map<Integer, PartitionInfo> partitionsOn(String bootstrap, String topic) {
        try (Admin admin = admin(bootstrap)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).get(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS).get(topic);
            Map<Integer, PartitionInfo> out = new HashMap<>();
            for (PartitionInfo p : d.partitions()) {
                out.put(p.partition(), p);
            }
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** The leader of {@code topic}-{@code partition}, or -1 when unknown. */
    public int leaderOf(String topic, int partition) {
        PartitionInfo p = partitions(topic).get(partition);
        return p == null ? -1 : p.leader();
    }

    /** The controller quorum's leader, or -1 when unknown. */
    public int controller() {
        String bootstrap = liveBootstrap();
        if (bootstrap.isEmpty()) {
            return -1;
        }
        try (Admin admin = admin(bootstrap)) {
            return admin.describeCluster().get(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS).controllerId();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * True when every partition of {@code topic} has a leader whose in-sync set holds all its replicas,
     * and every broker runs: the cluster has recovered from whatever was done to it. Each broker is
     * asked itself, and a partition's in-sync set is taken from the broker that reports leading it (in
     * the highest term): only a leader computes it from its followers' progress (a follower repeats the
     * replica list), and a replica that is still catching up after damage is not in it. Under load the
     * slowest follower is often a few records behind the commit end; see {@link #replicationWatch}.
     */
    public boolean fullyReplicated(String topic, int partitions) {
        return replicationWatch(topic, partitions).getAsBoolean();
    }

    /**
     * A check for one wait after a fault: true once every broker runs, every partition has a leader,
     * and each partition's leader has reported all its replicas in sync at least once since the check
     * was made (not necessarily in the same call: under load a follower that is fully caught up still
     * trails the commit end now and then, and requiring all partitions at one instant would wait long).
     */
    public BooleanSupplier replicationWatch(String topic, int partitions) {
        Set<Integer> seenInSync = new HashSet<>();
        return () -> {
            if (cluster.brokers().stream().anyMatch(b -> !b.isResponsive())) {
                return false;
            }
            Map<Integer, PartitionInfo> fromLeaders = new HashMap<>();
            for (BrokerProcess b : cluster.brokers()) {
                for (PartitionInfo p : partitionsOn(b.address(), topic).values()) {
                    PartitionInfo known = fromLeaders.get(p.partition());
                    if (p.leader() == b.id() && (known == null || p.leaderTerm() > known.leaderTerm())) {
                        fromLeaders.put(p.partition(), p);
                    }
                }
            }
            for (PartitionInfo p : fromLeaders.values()) {
                if (p.inSyncReplicas().containsAll(p.replicas())) {
                    seenInSync.add(p.partition());
                }
            }
            return fromLeaders.size() == partitions && seenInSync.size() == partitions;
        };
    }

    /** The offsets of {@code topic}'s partitions as {@code broker} itself reports them (its own replicas), or empty. */
    public Map<Integer, PartitionOffsets> offsetsOn(BrokerProcess broker, String topic) {
        try (Admin admin = admin(broker.address())) {
            TopicDescription d = admin.describeTopics(List.of(topic), true).get(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS).get(topic);
            return new HashMap<>(d.offsets());
        } catch (Exception e) {
            return Map.of();
        }
    }

    private Admin admin(String bootstrap) {
        return new Admin(AdminConfig.builder().bootstrapServers(bootstrap).security(cluster.clientSecurity()).requestTimeoutMs(2_000)
                .defaultApiTimeoutMs(TIMEOUT_MS).build());
    }
}
