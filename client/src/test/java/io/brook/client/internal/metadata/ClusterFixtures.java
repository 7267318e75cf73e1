package io.brook.client.internal.metadata;

import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.TopicMetadata;
import java.util.List;

/** Builds {@link Cluster} snapshots for unit tests. */
public final class ClusterFixtures {

    private ClusterFixtures() {}

    /** A topic whose partition i is led by {@code leaders[i]} (-1: no leader). */
    public static Cluster.TopicInfo topic(String name, int... leaders) {
        return cluster(name, leaders).topic(name);
    }

    /** A cluster with brokers 0..2 on localhost and one topic. */
    public static Cluster cluster(String name, int... leaders) {
        return Cluster.EMPTY.merge(response(name, leaders), List.of(name), false);
    }

    public static MetadataResponse response(String name, int... leaders) {
        MetadataResponse.Builder r = MetadataResponse.newBuilder().setClusterId("c1").setControllerId(0);
        for (int b = 0; b < 3; b++) {
            r.addBrokers(BrokerInfo.newBuilder().setId(b).setHost("127.0.0.1").setPort(9000 + b));
        }
        TopicMetadata.Builder t = TopicMetadata.newBuilder().setName(name);
        for (int p = 0; p < leaders.length; p++) {
            PartitionMetadata.Builder pm = PartitionMetadata.newBuilder().setPartition(p).setLeaderId(leaders[p]);
            if (leaders[p] < 0) {
                pm.setErrorCode(ErrorCode.LEADER_NOT_AVAILABLE);
            } else {
                pm.addReplicas(leaders[p]).addInSyncReplicas(leaders[p]);
            }
            t.addPartitions(pm);
        }
        return r.addTopics(t).build();
    }
}
