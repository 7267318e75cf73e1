package io.brook.client.internal.metadata;

import io.brook.client.BrokerNode;
import io.brook.client.PartitionInfo;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.TopicMetadata;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of what the client knows about the cluster: brokers and their addresses,
 * the controller, and per topic its partitions with leaders, replicas and in-sync replicas. Lookups
 * on the produce path ({@link #topic}, {@link #leader}, {@link #address}) allocate nothing.
 */
public final class Cluster {

    public static final Cluster EMPTY = new Cluster("", -1, Map.of(), Map.of());

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, Broker> brokers;
    private final Map<String, TopicInfo> topics;

    Cluster(String clusterId, int controllerId, Map<Integer, Broker> brokers, Map<String, TopicInfo> topics) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.brokers = brokers;
        this.topics = topics;
    }

    /** A broker with its pre-built (unresolved) socket address. */
    record Broker(BrokerNode node, InetSocketAddress address) {
    }

    /** What the cluster said about one topic: an error, or its partitions by number. */
    public static final class TopicInfo {
        private final String name;
        private final ErrorCode error;
        private final String errorMessage;
        private final PartitionInfo[] partitions;
        private final int[] leaders;
        private final int[] available;

        TopicInfo(String name, ErrorCode error, String errorMessage, PartitionInfo[] partitions) {
            this.name = name;
            this.error = error;
            this.errorMessage = errorMessage;
            this.partitions = partitions;
            this.leaders = new int[partitions.length];
            int n = 0;
            for (int i = 0; i < partitions.length; i++) {
                leaders[i] = partitions[i] == null ? -1 : partitions[i].leader();
                if (leaders[i] >= 0) {
                    n++;
                }
            }
            this.available = new int[n];
            for (int i = 0, j = 0; i < partitions.length; i++) {
                if (leaders[i] >= 0) {
                    available[j++] = i;
                }
            }
        }

        public String name() {
            return name;
        }

        /** {@code NONE} when the topic exists. */
        public ErrorCode error() {
            return error;
        }

        public String errorMessage() {
            return errorMessage;
        }

        public int partitionCount() {
            return partitions.length;
        }

        /** @return -1 when the partition has no leader or does not exist */
        public int leader(int partition) {
            return partition >= 0 && partition < leaders.length ? leaders[partition] : -1;
        }

        /** Number of partitions that currently have a leader. */
        public int availableCount() {
            return available.length;
        }

        /** The i-th partition (in number order) that has a leader. */
        public int available(int i) {
            return available[i];
        }

        /** The partitions, by number (entries the broker did not describe are absent). */
        public List<PartitionInfo> partitions() {
            List<PartitionInfo> out = new ArrayList<>(partitions.length);
            for (PartitionInfo p : partitions) {
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    public String clusterId() {
        return clusterId;
    }

    public int controllerId() {
        return controllerId;
    }

    /** @return {@code null} when the topic is not in this snapshot */
    public TopicInfo topic(String name) {
        return topics.get(name);
    }

    public Collection<String> topicNames() {
        return Collections.unmodifiableSet(topics.keySet());
    }

    /** @return the leader's broker id, or -1 when unknown */
    public int leader(String topic, int partition) {
        TopicInfo t = topics.get(topic);
        return t == null ? -1 : t.leader(partition);
    }

    /** @return the broker's address, or {@code null} when the broker is unknown */
    public InetSocketAddress address(int brokerId) {
        Broker b = brokers.get(brokerId);
        return b == null ? null : b.address;
    }

    public List<BrokerNode> brokers() {
        List<BrokerNode> out = new ArrayList<>(brokers.size());
        for (Broker b : brokers.values()) {
            out.add(b.node);
        }
        return out;
    }

    public List<InetSocketAddress> brokerAddresses() {
        List<InetSocketAddress> out = new ArrayList<>(brokers.size());
        for (Broker b : brokers.values()) {
            out.add(b.address);
        }
        return out;
    }

    /**
     * A new snapshot: brokers, controller and cluster id from {@code response}; the topics it
     * describes replace their old entries; requested topics it does not mention are marked
     * unknown; other topics are kept (or dropped, with {@code allTopics}).
     */
    public Cluster merge(MetadataResponse response, Collection<String> requested, boolean allTopics) {
        Map<Integer, Broker> newBrokers = new HashMap<>();
        for (BrokerInfo b : response.getBrokersList()) {
            BrokerNode node = new BrokerNode(b.getId(), b.getHost(), b.getPort(), b.getRack());
            newBrokers.put(b.getId(), new Broker(node, InetSocketAddress.createUnresolved(b.getHost(), b.getPort())));
        }
        if (newBrokers.isEmpty()) {
            newBrokers.putAll(brokers);
        }
        Map<String, TopicInfo> newTopics = allTopics ? new LinkedHashMap<>() : new LinkedHashMap<>(topics);
        for (String t : requested) {
            newTopics.put(t, new TopicInfo(t, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "not in the metadata response",
                    new PartitionInfo[0]));
        }
        for (TopicMetadata tm : response.getTopicsList()) {
            newTopics.put(tm.getName(), toTopicInfo(tm));
        }
        return new Cluster(response.getClusterId(), response.getControllerId(), Map.copyOf(newBrokers),
                Collections.unmodifiableMap(newTopics));
    }

    static TopicInfo toTopicInfo(TopicMetadata tm) {
        int count = 0;
        for (PartitionMetadata pm : tm.getPartitionsList()) {
            count = Math.max(count, pm.getPartition() + 1);
        }
        PartitionInfo[] parts = new PartitionInfo[count];
        for (PartitionMetadata pm : tm.getPartitionsList()) {
            parts[pm.getPartition()] = toPartitionInfo(tm.getName(), pm);
        }
        return new TopicInfo(tm.getName(), tm.getErrorCode(), tm.getErrorMessage(), parts);
    }

    /** The public view of a partition's metadata; a partition with an error has no leader. */
    public static PartitionInfo toPartitionInfo(String topic, PartitionMetadata pm) {
        int leader = pm.getErrorCode() == ErrorCode.NONE ? pm.getLeaderId() : -1;
        return new PartitionInfo(topic, pm.getPartition(), leader, pm.getLeaderTerm(), pm.getReplicasList(),
                pm.getInSyncReplicasList());
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", controller=" + controllerId + ", brokers=" + brokers.keySet()
                + ", topics=" + topics.keySet() + ")";
    }
}
