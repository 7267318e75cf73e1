package io.brook.client.internal.admin;

import io.brook.client.BrokerNode;
import io.brook.client.ClusterDescription;
import io.brook.client.ConfigEntry;
import io.brook.client.LeaderMove;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import io.brook.client.internal.metadata.Cluster;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.LeaderMoveOutcome;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.PartitionDescription;
import io.brook.protocol.message.RebalanceLeadersResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Conversions of admin responses into the public result types. Stateless. */
final class AdminResponses {

    private AdminResponses() {}

    static ClusterDescription cluster(MetadataResponse response) {
        List<BrokerNode> brokers = new ArrayList<>();
        for (BrokerInfo b : response.getBrokersList()) {
            brokers.add(new BrokerNode(b.getId(), b.getHost(), b.getPort(), b.getRack()));
        }
        brokers.sort(Comparator.comparingInt(BrokerNode::id));
        return new ClusterDescription(response.getClusterId(), response.getControllerId(), brokers);
    }

    /**
     * Every broker's answer to RebalanceLeaders, merged: one move per partition (a partition whose
     * leadership moved while the brokers answered may be reported twice; the first answer stays),
     * sorted by topic and partition.
     */
    static List<LeaderMove> leaderMoves(List<RebalanceLeadersResponse> answers) {
        Map<TopicPartition, LeaderMove> moves = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        for (RebalanceLeadersResponse r : answers) {
            for (io.brook.protocol.message.LeaderMove m : r.getMovesList()) {
                TopicPartition tp = new TopicPartition(m.getTopic(), m.getPartition());
                moves.putIfAbsent(tp, new LeaderMove(tp, m.getFromBroker(), m.getToBroker(), outcome(m.getOutcome())));
            }
        }
        return List.copyOf(moves.values());
    }

    private static LeaderMove.Outcome outcome(LeaderMoveOutcome o) {
        return switch (o) {
            case LEADER_MOVE_PLANNED -> LeaderMove.Outcome.PLANNED;
            case LEADER_MOVE_STARTED -> LeaderMove.Outcome.STARTED;
            case LEADER_MOVE_PREFERRED_BEHIND -> LeaderMove.Outcome.PREFERRED_BEHIND;
            case LEADER_MOVE_IN_PROGRESS -> LeaderMove.Outcome.IN_PROGRESS;
            default -> LeaderMove.Outcome.UNKNOWN;
        };
    }

    /** @param includeOffsets whether the request asked for log offsets (otherwise they are absent) */
    static TopicDescription topic(io.brook.protocol.message.TopicDescription t, boolean includeOffsets) {
        List<PartitionInfo> partitions = new ArrayList<>();
        Map<Integer, PartitionOffsets> offsets = new TreeMap<>();
        Map<Integer, List<Integer>> targets = new TreeMap<>();
        for (PartitionDescription p : t.getPartitionsList()) {
            partitions.add(Cluster.toPartitionInfo(t.getName(), p.getMetadata()));
            if (p.getTargetReplicasCount() > 0) {
                targets.put(p.getMetadata().getPartition(), p.getTargetReplicasList());
            }
            if (includeOffsets) {
                offsets.put(p.getMetadata().getPartition(), new PartitionOffsets(p.getLogStartOffset(), p.getLogEndOffset(),
                        p.getHighWatermark(), p.getSizeBytes(), p.getSegmentCount()));
            }
        }
        partitions.sort(Comparator.comparingInt(PartitionInfo::partition));
        Map<String, ConfigEntry> configs = new LinkedHashMap<>();
        for (io.brook.protocol.message.ConfigEntry c : t.getConfigsList()) {
            configs.put(c.getName(), new ConfigEntry(c.getName(), c.getValue(), c.getIsDefault()));
        }
        return new TopicDescription(t.getName(), t.getTopicId(), t.getReplicationFactor(), partitions, configs, offsets, targets);
    }
}
