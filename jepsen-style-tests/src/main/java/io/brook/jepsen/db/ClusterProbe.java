package io.brook.jepsen.db;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicDescription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        if (bootstrap.isEmpty()) {
            return Map.of();
        }
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
     * and every broker runs: the cluster has recovered from whatever was done to it.
     */
    public boolean fullyReplicated(String topic, int partitions) {
        if (cluster.brokers().stream().anyMatch(b -> !b.isResponsive())) {
            return false;
        }
        Map<Integer, PartitionInfo> all = partitions(topic);
        if (all.size() != partitions) {
            return false;
        }
        for (PartitionInfo p : all.values()) {
            if (!p.hasLeader() || !p.inSyncReplicas().containsAll(p.replicas())) {
                return false;
            }
        }
        return true;
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

    private static Admin admin(String bootstrap) {
        return new Admin(AdminConfig.builder().bootstrapServers(bootstrap).requestTimeoutMs(2_000)
                .defaultApiTimeoutMs(TIMEOUT_MS).build());
    }
}
