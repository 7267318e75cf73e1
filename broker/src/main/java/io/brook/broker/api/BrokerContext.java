package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.ClusterTopics;
import io.brook.broker.metrics.TrafficMetrics;
import io.brook.broker.partition.PartitionManager;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.TopicImage;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What handlers need of the broker.
 *
 * @param port the port clients are told to use (the bound port unless advertised otherwise)
 * @param authorization what principals may do (everything, unless authorization.enabled)
 * @param quotas produce and fetch byte rates per principal
 * @param traffic the produce and fetch metrics
 */
public record BrokerContext(BrokerConfig config, ClusterTopics topics, PartitionManager partitions, ClusterMetadata metadata,
                            LongSupplier clock, IntSupplier port, Authorization authorization, Quotas quotas,
                            TrafficMetrics traffic) {

    public int brokerId() {
        return config.brokerId();
    }

    public String host() {
        return config.advertisedHost();
    }

    /** The assignment of a partition in the current image, or {@code null}. */
    public PartitionAssignment assignment(String topic, int partition) {
        TopicImage t = metadata.image().topics().get(topic);
        return t == null || partition < 0 || partition >= t.partitions().size() ? null : t.partitions().get(partition);
    }

    public MetadataImage image() {
        return metadata.image();
    }
}
