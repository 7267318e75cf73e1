package io.brook.client;

import io.brook.client.internal.admin.AdminClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Manages topics and inspects the cluster, asynchronously. Each operation retries retriable
 * failures (no controller, a broker restarting) until {@code default.api.timeout.ms}, then fails
 * with {@link TimeoutException}; errors that retrying cannot fix fail at once with their type
 * ({@link TopicExistsException}, {@link InvalidTopicException}, {@link InvalidConfigException},
 * {@link UnknownTopicOrPartitionException}, ...).
 *
 * <pre>{@code
 * try (Admin admin = new Admin(AdminConfig.defaults())) {
 *     admin.createTopics(List.of(new NewTopic("orders", 6, 1))).get();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Futures complete on the client's network thread: callbacks must not block.
 */
public final class Admin implements AutoCloseable {

    private final AdminClient client;

    public Admin(AdminConfig config) {
        Objects.requireNonNull(config, "config");
        this.client = new AdminClient(config.settings(), config.defaultApiTimeoutMs());
    }

    /** Creates topics; fails with the first topic's error if any could not be created (the others suppressed in it). */
    public CompletableFuture<Void> createTopics(Collection<NewTopic> topics) {
        return client.createTopics(List.copyOf(topics));
    }

    /** The names of every topic in the cluster. */
    public CompletableFuture<Set<String>> listTopics() {
        return client.listTopics();
    }

    /** Describes topics: partitions with leader, replicas and in-sync replicas, and every config. */
    public CompletableFuture<Map<String, TopicDescription>> describeTopics(Collection<String> names) {
        return client.describeTopics(names, false);
    }

    /**
     * Describes topics, with each partition's log start, end, high watermark and size when
     * {@code includeOffsets} (costs the broker a look at each log).
     */
    public CompletableFuture<Map<String, TopicDescription>> describeTopics(Collection<String> names, boolean includeOffsets) {
        return client.describeTopics(names, includeOffsets);
    }

    /** Adds partitions and/or sets or removes config overrides of one topic. */
    public CompletableFuture<Void> alterTopic(String topic, TopicAlteration alteration) {
        return client.alterTopic(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(alteration, "alteration"));
    }

    /** Deletes topics and all their records. */
    public CompletableFuture<Void> deleteTopics(Collection<String> names) {
        return client.deleteTopics(List.copyOf(names));
    }

    /** The brokers, the controller and the cluster id. */
    public CompletableFuture<ClusterDescription> describeCluster() {
        return client.describeCluster();
    }

    /** Fails pending operations and releases every resource. Idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
