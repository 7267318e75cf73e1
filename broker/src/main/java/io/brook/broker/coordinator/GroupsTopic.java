package io.brook.broker.coordinator;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.TopicConfig;
import io.brook.broker.meta.AdminResult;
import io.brook.broker.meta.ClusterTopics;
import io.brook.protocol.GroupIds;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.TopicImage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal topic {@value GroupIds#GROUPS_TOPIC}: created on the first group request, through the
 * controller like any topic, with {@code groups.topic.partitions} partitions, a replication factor of
 * {@code groups.topic.replication.factor} capped by the live brokers, segments of
 * {@code groups.topic.segment.bytes}, and no retention by time; {@code retention.bytes=0} lets
 * retention delete every whole segment below the limit a committed snapshot sets
 * ({@link SnapshotRetention}), and nothing before one. Thread-safe.
 */
public final class GroupsTopic {

    private static final Logger LOG = LoggerFactory.getLogger(GroupsTopic.class);

    private final BrokerConfig config;
    private final ClusterTopics topics;
    private final ClusterMetadata metadata;
    private final AtomicReference<CompletableFuture<AdminResult>> creating = new AtomicReference<>();

    public GroupsTopic(BrokerConfig config, ClusterTopics topics, ClusterMetadata metadata) {
        this.config = config;
        this.topics = topics;
        this.metadata = metadata;
    }

    /** The topic in the current image, or {@code null} (then its creation is started, once at a time). */
    public TopicImage getOrCreate() {
        TopicImage t = topics.get(GroupIds.GROUPS_TOPIC);
        if (t != null) {
            return t;
        }
        CompletableFuture<AdminResult> mine = new CompletableFuture<>();
        if (creating.compareAndSet(null, mine)) {
            int rf = Math.min(config.getInt(BrokerConfig.GROUPS_TOPIC_REPLICATION_FACTOR), Math.max(1, liveBrokers()));
            int partitions = config.getInt(BrokerConfig.GROUPS_TOPIC_PARTITIONS);
            LOG.info("Creating {} with {} partitions, replication factor {}", GroupIds.GROUPS_TOPIC, partitions, rf);
            Map<String, String> topicConfig = Map.of(TopicConfig.RETENTION_MS, "-1", TopicConfig.RETENTION_BYTES, "0",
                    TopicConfig.SEGMENT_BYTES, String.valueOf(config.getInt(BrokerConfig.GROUPS_TOPIC_SEGMENT_BYTES)));
            topics.create(GroupIds.GROUPS_TOPIC, partitions, rf, topicConfig, false).whenComplete((r, e) -> {
                if (e != null || !r.ok()) {
                    LOG.warn("Creating {} failed: {}", GroupIds.GROUPS_TOPIC, e != null ? e.getMessage() : r.message());
                }
                creating.set(null);
                mine.complete(r);
            });
        }
        return null;
    }

    private int liveBrokers() {
        MetadataImage image = metadata.image();
        long timeout = config.getLong(BrokerConfig.BROKER_SESSION_TIMEOUT_MS);
        return (int) image.brokers().keySet().stream().filter(id -> image.isAlive(id, timeout)).count();
    }
}
