package io.brook.replication.control;

import io.brook.replication.control.acl.AclBinding;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The cluster metadata as one broker sees it: a continuously refreshed {@link MetadataImage} and the
 * operations that change it, each applied by the controller quorum's replicated state machine (so
 * every broker sees the same sequence of images). Implementations hide the consensus library.
 *
 * <p>Thread-safe. Futures complete on an internal thread: do not block in their callbacks.
 */
public interface ClusterMetadata extends AutoCloseable {

    /** The newest image this broker has seen (never null; {@link MetadataImage#EMPTY} before the first). */
    MetadataImage image();

    /** Calls {@code listener} with every new image, in version order, on an internal thread. */
    void addListener(Consumer<MetadataImage> listener);

    /** Registers (or re-registers, e.g. with a new address) this broker. */
    CompletableFuture<MetadataResult> registerBroker(BrokerRegistration broker);

    /** Records that the broker is alive; brokers call it periodically. */
    CompletableFuture<MetadataResult> heartbeat(int brokerId);

    /**
     * Creates a topic, assigning each partition's replicas among live brokers, spreading replicas and
     * preferred leaders evenly.
     *
     * @param configs already validated by the caller
     */
    CompletableFuture<MetadataResult> createTopic(String name, int partitions, int replicationFactor,
                                                  Map<String, String> configs, boolean validateOnly);

    CompletableFuture<MetadataResult> deleteTopic(String name);

    /**
     * Adds partitions and/or changes config overrides.
     *
     * @param partitions the new total number of partitions, as in Kafka's CreatePartitions (0 = unchanged);
     *     it must be larger than the current count
     * @param set already validated by the caller
     */
    CompletableFuture<MetadataResult> alterTopic(String name, int partitions, Map<String, String> set,
                                                 Collection<String> delete, boolean validateOnly);

    /** Records that {@code leaderId} leads the partition in {@code term}; reports of older terms are ignored. */
    CompletableFuture<MetadataResult> reportLeader(String topic, int partition, int leaderId, int term);

    /**
     * Starts, changes or cancels replica moves, all or none: each topic and partition must exist, each target be
     * non-empty, without duplicates and name only registered brokers (UNKNOWN_TOPIC or INVALID_REPLICA_ASSIGNMENT,
     * naming the bad entry, and nothing changes). Per partition:
     * <ul>
     *   <li>no move running, target equal to the replicas: nothing changes;</li>
     *   <li>no move running, target with the replicas' members in another order: the replicas take its order at
     *       once (a new preferred leader; the Raft group is unchanged);</li>
     *   <li>otherwise the target (and throttle) is recorded, replacing the target of a running move; a target equal
     *       to the replicas while a move runs cancels it (the group walks back, and the move completes like any
     *       other).</li>
     * </ul>
     * The partition's Raft leader carries the move out and ends it with {@link #completeReassignment}.
     */
    CompletableFuture<MetadataResult> reassignPartitions(List<Reassignment> moves, boolean validateOnly);

    /**
     * Ends a replica move, sent by the partition's Raft leader once the group's committed configuration has exactly
     * the target's members. Applied only when the topic still has {@code topicId} and a move runs whose target has
     * the members of {@code replicas}: the replicas become the target (in the target's order), the move ends, and
     * the leader is recorded when {@code term} is not older than the recorded one. Otherwise ignored: reported as a
     * success that changed nothing (a leader may repeat it).
     */
    CompletableFuture<MetadataResult> completeReassignment(String topic, int partition, String topicId, List<Integer> replicas,
                                                           int leaderId, int term);

    /**
     * Gives {@code brokerId} a new block of {@link MetadataImage#PRODUCER_ID_BLOCK_SIZE} producer ids, never
     * given before. Once the future completes with success, {@link #image()} shows the block in
     * {@link MetadataImage#producerIdBlocks()}. A broker asks for one block at a time.
     */
    CompletableFuture<MetadataResult> allocateProducerIds(int brokerId);

    /** Sets (adds or replaces) {@code name}'s credential for the credential's mechanism. */
    CompletableFuture<MetadataResult> upsertUser(String name, StoredCredential credential);

    /** Removes {@code name}'s credential for {@code mechanism}, or the user when it is empty; USER_NOT_FOUND if absent. */
    CompletableFuture<MetadataResult> deleteUser(String name, String mechanism);

    /** Adds the ACL bindings that are not there yet (validated by the caller). */
    CompletableFuture<MetadataResult> createAcls(List<AclBinding> acls);

    /** Removes these exact ACL bindings where present. */
    CompletableFuture<MetadataResult> deleteAcls(List<AclBinding> acls);

    /** The broker id of the controller quorum's current leader, or -1 when unknown. */
    int controllerId();

    @Override
    void close();
}
