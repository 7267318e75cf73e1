package io.brook.client;

import io.brook.client.internal.admin.AdminClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Manages topics, consumer groups and users and inspects the cluster, asynchronously. Each operation retries retriable
 * failures (no controller, a broker restarting) until {@code default.api.timeout.ms}, then fails
 * with {@link TimeoutException}; errors that retrying cannot fix fail at once with their type
 * ({@link TopicExistsException}, {@link InvalidTopicException}, {@link InvalidConfigException},
 * {@link UnknownTopicOrPartitionException}, {@link GroupNotEmptyException}, ...). Requests about a
 * group go to its coordinator, found again whenever it moved.
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

    /**
     * Every consumer group of the cluster: each broker lists the groups it coordinates, and the
     * lists are merged, sorted by group id. Fails (after retrying until the timeout) if a broker
     * does not answer.
     */
    public CompletableFuture<List<GroupListing>> listGroups() {
        return client.listGroups();
    }

    /**
     * Describes consumer groups: state, epoch, assignor, coordinator and members with their
     * assignments. A group its coordinator does not know fails with {@link GroupIdNotFoundException}
     * or is described as {@link GroupState#DEAD}, as the broker answers. Fails with the first group's
     * error (the others suppressed in it); an invalid id fails with {@link InvalidGroupIdException}
     * before anything is sent.
     *
     * @return the descriptions by group id, in the order of {@code groupIds}
     */
    public CompletableFuture<Map<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        return client.describeGroups(List.copyOf(groupIds));
    }

    /**
     * The committed offsets of a group, sorted by topic and partition; partitions without a
     * committed offset are absent.
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listGroupOffsets(String groupId) {
        return client.listGroupOffsets(Objects.requireNonNull(groupId, "groupId"));
    }

    /**
     * Commits offsets for a group that has no members (to reset or preset where its consumers
     * start). Fails with {@link GroupNotEmptyException} while the group has members: its consumers
     * commit their own positions. A group that does not exist yet is created with these offsets.
     */
    public CompletableFuture<Void> alterGroupOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return client.alterGroupOffsets(Objects.requireNonNull(groupId, "groupId"), Map.copyOf(offsets));
    }

    /**
     * Deletes groups and their committed offsets. Fails with {@link GroupNotEmptyException} for a
     * group that has members and {@link GroupIdNotFoundException} for one that does not exist (the
     * other groups are deleted; their failures are suppressed in the first).
     */
    public CompletableFuture<Void> deleteGroups(Collection<String> groupIds) {
        return client.deleteGroups(List.copyOf(groupIds));
    }

    /**
     * The ACLs {@code filter} selects ({@link AclEntry.Filter#ANY}: all). Needs DESCRIBE on the cluster when the
     * broker checks ACLs ({@link AuthorizationException} otherwise).
     */
    public CompletableFuture<List<AclEntry>> describeAcls(AclEntry.Filter filter) {
        return client.describeAcls(Objects.requireNonNull(filter, "filter"));
    }

    /** Adds ACLs (those already there stay as they are). Needs ALTER on the cluster when the broker checks ACLs. */
    public CompletableFuture<Void> createAcls(Collection<AclEntry> acls) {
        return client.createAcls(List.copyOf(acls));
    }

    /** Removes every ACL a filter selects; completes with those removed. Needs ALTER on the cluster when the broker checks ACLs. */
    public CompletableFuture<List<AclEntry>> deleteAcls(Collection<AclEntry.Filter> filters) {
        return client.deleteAcls(List.copyOf(filters));
    }

    /**
     * Creates a user, or replaces its credential for {@code mechanism} (a password change). The SCRAM
     * credential (salt, iteration count, StoredKey, ServerKey) is derived here from the password with a
     * fresh random salt; the password itself never leaves this process, and the caller may wipe its
     * array as soon as this returns. Fails with {@link InvalidConfigException}, before anything is sent,
     * for an invalid name, an unknown mechanism, an iteration count out of the mechanism's bounds (4096
     * at least) or an empty password; with {@link AuthenticationException} when the broker does not
     * enable the mechanism.
     *
     * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     * @param iterations PBKDF2 iterations: more cost an attacker more per guess, and every login as much
     */
    public CompletableFuture<Void> createUser(String name, String mechanism, char[] password, int iterations) {
        return client.createUser(name, mechanism, Objects.requireNonNull(password, "password"), iterations);
    }

    /**
     * Deletes a user's credential for {@code mechanism}, or the user with every credential when it is
     * null. Connections already authenticated stay so; new ones are refused. Fails with
     * {@link ResourceNotFoundException} when there is nothing to delete.
     */
    public CompletableFuture<Void> deleteUser(String name, String mechanism) {
        return client.deleteUser(name, mechanism);
    }

    /** Every user, sorted by name, with the mechanisms and iteration counts of its credentials (never keys). */
    public CompletableFuture<List<UserDescription>> describeUsers() {
        return client.describeUsers();
    }

    /**
     * Asks every live broker to move the leadership of the partitions it leads back to their
     * preferred leader (first replica) where that broker is caught up, by Raft leadership transfer;
     * with {@code dryRun} only what would move. The result lists every partition not led by its
     * preferred leader, sorted by topic and partition; transfers complete after the future does.
     * Needs ALTER on the cluster.
     */
    public CompletableFuture<List<LeaderMove>> rebalanceLeaders(boolean dryRun) {
        return client.rebalanceLeaders(dryRun);
    }

    /**
     * Starts, changes or cancels replica moves, all or none: the controller records each target and the
     * partition's Raft leader moves the replicas one server at a time; the future completes once the targets
     * are recorded, not when the moves complete (see {@link #listPartitionReassignments()}). A target equal to
     * the current replicas cancels a move in progress; the same members in another order only change the
     * preferred leader. Fails with {@link UnknownTopicOrPartitionException} or {@link InvalidConfigException}
     * (an empty target, a broker twice, an unregistered broker), naming the bad entry. With
     * {@code validateOnly} nothing changes. Needs ALTER on the cluster.
     */
    public CompletableFuture<Void> alterPartitionReassignments(List<NewPartitionReassignment> reassignments, boolean validateOnly) {
        return client.alterPartitionReassignments(List.copyOf(reassignments), validateOnly);
    }

    /** Every partition whose replicas are moving, sorted by topic and partition. Needs DESCRIBE on the cluster. */
    public CompletableFuture<List<PartitionReassignment>> listPartitionReassignments() {
        return client.listPartitionReassignments();
    }

    /**
     * Moves every replica off {@code brokerId}: the broker that answers plans, for each partition holding it, the
     * live broker that takes its place (in a rack the partition does not use yet where possible, then the one
     * holding the fewest replicas) and submits the plan; with {@code validateOnly} it only returns the plan.
     * Fails with {@link InvalidConfigException} when the broker is not registered or no live broker can take one
     * of its replicas. Needs ALTER on the cluster.
     */
    public CompletableFuture<List<ReplicaMove>> decommissionBroker(int brokerId, long throttleBytesPerSec, boolean validateOnly) {
        return client.planReassignments(brokerId, throttleBytesPerSec, validateOnly);
    }

    /**
     * Evens out the number of replicas per live broker (to within one, as far as racks allow), then the number
     * of preferred leaderships, counting partitions, not bytes; the broker that answers plans and submits, or
     * with {@code validateOnly} only returns the plan. Needs ALTER on the cluster.
     */
    public CompletableFuture<List<ReplicaMove>> rebalanceReplicas(long throttleBytesPerSec, boolean validateOnly) {
        return client.planReassignments(-1, throttleBytesPerSec, validateOnly);
    }

    /** Fails pending operations and releases every resource. Idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
