package io.brook.broker.meta;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import io.brook.broker.config.TopicConfig;
import io.brook.broker.partition.PartitionManager;
import io.brook.protocol.TopicNames;
import io.brook.protocol.message.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics this broker serves (single-node mode: the broker is its own controller). Changes run
 * one at a time on the admin thread: validate, change the logs, then persist the record in the
 * {@link LocalStore} (creation makes the logs first, deletion forgets the record first, so a crash
 * in between leaves at worst orphan directories, which startup moves aside). Reads are lock-free.
 */
public final class TopicManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicManager.class);

    private final BrokerConfig config;
    private final LocalStore store;
    private final PartitionManager partitions;
    private final Map<String, TopicInfo> topics = new ConcurrentHashMap<>();
    private final ExecutorService admin = Executors.newSingleThreadExecutor(r -> new Thread(r, "brook-admin"));

    public TopicManager(BrokerConfig config, LocalStore store, PartitionManager partitions) {
        this.config = config;
        this.store = store;
        this.partitions = partitions;
    }

    /** Loads persisted topics and opens their logs (blocking; at startup). */
    public void start() {
        topics.putAll(store.loadTopics());
        partitions.quarantineOrphans(topics);
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        for (TopicInfo t : topics.values()) {
            opening.add(partitions.openPartitions(t, 0));
        }
        CompletableFuture.allOf(opening.toArray(new CompletableFuture[0])).join();
        LOG.info("Loaded {} topic(s)", topics.size());
    }

    public TopicInfo get(String name) {
        return topics.get(name);
    }

    public Collection<TopicInfo> all() {
        return topics.values();
    }

    /** Checks a creation request without side effects. */
    public AdminResult validateCreate(String name, int partitionCount, int replicationFactor, Map<String, String> configs) {
        String bad = TopicNames.check(name);
        if (bad != null) {
            return AdminResult.error(ErrorCode.INVALID_TOPIC_NAME, bad);
        }
        if (topics.containsKey(name)) {
            return AdminResult.error(ErrorCode.TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists");
        }
        int max = config.getInt(BrokerConfig.MAX_PARTITIONS);
        if (partitionCount < 1 || partitionCount > max) {
            return AdminResult.error(ErrorCode.INVALID_PARTITION_COUNT, "partition count must be between 1 and " + max + ", got " + partitionCount);
        }
        if (replicationFactor != 1) {
            return AdminResult.error(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication factor " + replicationFactor + " is larger than the number of brokers (1)");
        }
        try {
            TopicConfig.validate(configs);
        } catch (ConfigException e) {
            return AdminResult.error(ErrorCode.INVALID_CONFIG, e.getMessage());
        }
        return AdminResult.OK;
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
        return onAdmin(() -> {
            AdminResult check = validateCreate(name, n, rf, configs);
            if (!check.ok() || validateOnly) {
                return check;
            }
            TopicInfo t = new TopicInfo(name, UUID.randomUUID().toString(), n, rf, configs);
            partitions.openPartitions(t, 0).join();
            store.putTopic(t);
            topics.put(name, t);
            LOG.info("Created topic {} with {} partition(s)", name, n);
            return AdminResult.OK;
        });
    }

    public CompletableFuture<AdminResult> delete(String name) {
        return onAdmin(() -> {
            TopicInfo t = topics.get(name);
            if (t == null) {
                return AdminResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist");
            }
            store.deleteTopic(name);
            topics.remove(name);
            partitions.deletePartitions(name, t.partitions()).join();
            LOG.info("Deleted topic {}", name);
            return AdminResult.OK;
        });
    }

    /**
     * Adds partitions and/or changes config overrides.
     *
     * @param newPartitionCount 0 leaves the count unchanged
     */
    public CompletableFuture<AdminResult> alter(String name, int newPartitionCount, Map<String, String> set,
                                                Collection<String> delete, boolean validateOnly) {
        return onAdmin(() -> {
            TopicInfo t = topics.get(name);
            if (t == null) {
                return AdminResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist");
            }
            int max = config.getInt(BrokerConfig.MAX_PARTITIONS);
            if (newPartitionCount != 0 && (newPartitionCount < t.partitions() || newPartitionCount > max)) {
                return AdminResult.error(ErrorCode.INVALID_PARTITION_COUNT, newPartitionCount < t.partitions()
                        ? "topic '" + name + "' has " + t.partitions() + " partitions; partitions can only be added"
                        : "partition count must be at most " + max);
            }
            Map<String, String> configs = new HashMap<>(t.configs());
            configs.putAll(set);
            for (String k : delete) {
                if (!TopicConfig.keys().contains(k)) {
                    return AdminResult.error(ErrorCode.INVALID_CONFIG, "unknown topic config '" + k + "'; known: " + TopicConfig.keys());
                }
                configs.remove(k);
            }
            try {
                TopicConfig.validate(configs);
            } catch (ConfigException e) {
                return AdminResult.error(ErrorCode.INVALID_CONFIG, e.getMessage());
            }
            if (validateOnly) {
                return AdminResult.OK;
            }
            TopicInfo updated = t.withConfigs(configs);
            if (newPartitionCount > t.partitions()) {
                updated = updated.withPartitions(newPartitionCount);
                partitions.openPartitions(updated, t.partitions()).join();
            }
            partitions.reconfigure(updated).join();
            store.putTopic(updated);
            topics.put(name, updated);
            LOG.info("Altered topic {}: {} partition(s), overrides {}", name, updated.partitions(), updated.configs());
            return AdminResult.OK;
        });
    }

    private CompletableFuture<AdminResult> onAdmin(java.util.function.Supplier<AdminResult> op) {
        CompletableFuture<AdminResult> f = new CompletableFuture<>();
        try {
            admin.execute(() -> {
                try {
                    f.complete(op.get());
                } catch (RuntimeException e) {
                    LOG.error("Topic operation failed", e);
                    f.complete(AdminResult.error(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(e.getMessage())));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.complete(AdminResult.error(ErrorCode.BROKER_SHUTTING_DOWN, "broker is shutting down"));
        }
        return f;
    }

    @Override
    public void close() {
        admin.shutdown();
        try {
            admin.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
