package io.brook.broker.meta;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import io.brook.broker.config.TopicConfig;
import io.brook.protocol.TopicNames;
import io.brook.protocol.message.ErrorCode;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.TopicImage;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Topic administration through the controller quorum: checks what the broker can check (names,
 * counts, configs), submits the change, and answers once this broker's metadata image shows it, so
 * that a client's next metadata request finds the topic.
 */
public final class ClusterTopics {

    /** How long to wait for a change to show up in the local image. */
    private static final long VISIBLE_TIMEOUT_MS = 15_000;

    private final BrokerConfig config;
    private final ClusterMetadata metadata;
    private final ImageWaits waits;

    public ClusterTopics(BrokerConfig config, ClusterMetadata metadata) {
        this.config = config;
        this.metadata = metadata;
        this.waits = new ImageWaits(metadata);
    }

    private CompletableFuture<Void> visible(Predicate<MetadataImage> condition) {
        return waits.until(condition, VISIBLE_TIMEOUT_MS);
    }

    public TopicImage get(String name) {
        return metadata.image().topics().get(name);
    }

    public Collection<TopicImage> all() {
        return metadata.image().topics().values();
    }

    /**
     * Creates a topic.
     *
     * @param partitionCount 0 takes {@code default.partitions}
     * @param replicationFactor 0 means 1
     */
    public CompletableFuture<AdminResult> create(String name, int partitionCount, int replicationFactor,
                                                 Map<String, String> configs, boolean validateOnly) {
        int n = partitionCount == 0 ? config.getInt(BrokerConfig.DEFAULT_PARTITIONS) : partitionCount;
        int rf = replicationFactor == 0 ? 1 : replicationFactor;
        String bad = TopicNames.check(name);
        if (bad != null) {
            return done(AdminResult.error(ErrorCode.INVALID_TOPIC_NAME, bad));
        }
        int max = config.getInt(BrokerConfig.MAX_PARTITIONS);
        if (n < 1 || n > max) {
            return done(AdminResult.error(ErrorCode.INVALID_PARTITION_COUNT, "partition count must be between 1 and " + max + ", got " + n));
        }
        if (rf < 1) {
            return done(AdminResult.error(ErrorCode.INVALID_REPLICATION_FACTOR, "replication factor must be at least 1, got " + rf));
        }
        try {
            TopicConfig.validate(configs);
        } catch (ConfigException e) {
            return done(AdminResult.error(ErrorCode.INVALID_CONFIG, e.getMessage()));
        }
        return metadata.createTopic(name, n, rf, configs, validateOnly).thenCompose(r -> {
            if (!r.ok() || validateOnly) {
                return done(map(r));
            }
            return visible(img -> img.topics().containsKey(name)).handle((v, t) -> map(r));
        }).exceptionally(ClusterTopics::unavailable);
    }

    public CompletableFuture<AdminResult> delete(String name) {
        String bad = TopicNames.check(name);
        if (bad != null) {
            return done(AdminResult.error(ErrorCode.INVALID_TOPIC_NAME, bad));
        }
        return metadata.deleteTopic(name).thenCompose(r -> {
            if (!r.ok()) {
                return done(map(r));
            }
            return visible(img -> !img.topics().containsKey(name)).handle((v, t) -> map(r));
        }).exceptionally(ClusterTopics::unavailable);
    }

    /** Adds partitions (0 = unchanged) and/or changes config overrides. */
    public CompletableFuture<AdminResult> alter(String name, int newPartitionCount, Map<String, String> set,
                                                Collection<String> delete, boolean validateOnly) {
        TopicImage t = get(name);
        if (t == null) {
            return done(AdminResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist"));
        }
        int max = config.getInt(BrokerConfig.MAX_PARTITIONS);
        if (newPartitionCount != 0 && (newPartitionCount < t.partitions().size() || newPartitionCount > max)) {
            return done(AdminResult.error(ErrorCode.INVALID_PARTITION_COUNT, newPartitionCount < t.partitions().size()
                    ? "topic '" + name + "' has " + t.partitions().size() + " partitions; partitions can only be added"
                    : "partition count must be at most " + max));
        }
        Map<String, String> merged = new java.util.HashMap<>(t.configs());
        merged.putAll(set);
        for (String k : delete) {
            if (!TopicConfig.keys().contains(k)) {
                return done(AdminResult.error(ErrorCode.INVALID_CONFIG, "unknown topic config '" + k + "'; known: " + TopicConfig.keys()));
            }
            merged.remove(k);
        }
        try {
            TopicConfig.validate(merged);
        } catch (ConfigException e) {
            return done(AdminResult.error(ErrorCode.INVALID_CONFIG, e.getMessage()));
        }
        return metadata.alterTopic(name, newPartitionCount, set, delete, validateOnly).thenCompose(r -> {
            if (!r.ok() || validateOnly) {
                return done(map(r));
            }
            return visible(img -> {
                TopicImage now = img.topics().get(name);
                return now != null && (newPartitionCount == 0 || now.partitions().size() >= newPartitionCount)
                        && now.configs().equals(merged);
            }).handle((v, x) -> map(r));
        }).exceptionally(ClusterTopics::unavailable);
    }

    private static CompletableFuture<AdminResult> done(AdminResult r) {
        return CompletableFuture.completedFuture(r);
    }

    private static AdminResult unavailable(Throwable t) {
        return AdminResult.error(ErrorCode.CONTROLLER_NOT_AVAILABLE, "the controller quorum did not answer: " + t.getMessage());
    }

    static AdminResult map(MetadataResult r) {
        ErrorCode code = switch (r.error()) {
            case NONE -> ErrorCode.NONE;
            case TOPIC_ALREADY_EXISTS -> ErrorCode.TOPIC_ALREADY_EXISTS;
            case UNKNOWN_TOPIC -> ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            case INVALID_PARTITION_COUNT -> ErrorCode.INVALID_PARTITION_COUNT;
            case INVALID_REPLICATION_FACTOR -> ErrorCode.INVALID_REPLICATION_FACTOR;
            case CONTROLLER_NOT_AVAILABLE -> ErrorCode.CONTROLLER_NOT_AVAILABLE;
            case UNKNOWN_BROKER -> ErrorCode.BROKER_NOT_AVAILABLE;
            case PRODUCER_IDS_EXHAUSTED -> ErrorCode.UNKNOWN_SERVER_ERROR;
            case USER_NOT_FOUND -> ErrorCode.RESOURCE_NOT_FOUND;
            case INVALID_REPLICA_ASSIGNMENT -> ErrorCode.INVALID_REPLICA_ASSIGNMENT;
        };
        return new AdminResult(code, r.message() == null ? "" : r.message());
    }
}
