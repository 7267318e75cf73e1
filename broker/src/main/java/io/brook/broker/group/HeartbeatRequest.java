package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a member says in a heartbeat, as KIP-848's {@code ConsumerGroupHeartbeat} says it.
 *
 * @param memberId the member's id, chosen by the client and kept across its rejoins
 * @param instanceId its {@code group.instance.id} if it is a static member
 * @param memberEpoch {@link #JOIN_EPOCH} to join, {@link #LEAVE_EPOCH} to leave, {@link
 *     #STATIC_LEAVE_EPOCH} for a static member going away briefly, else the epoch it was last given
 * @param subscribedTopics its subscription, or null if unchanged since its last heartbeat
 * @param ownedPartitions the partitions it is consuming now, or null if unchanged since its last report
 */
public record HeartbeatRequest(String memberId, Optional<String> instanceId, int memberEpoch,
        SortedSet<String> subscribedTopics, Set<TopicPartition> ownedPartitions) {

    public static final int JOIN_EPOCH = 0;
    public static final int LEAVE_EPOCH = -1;
    public static final int STATIC_LEAVE_EPOCH = -2;

    public HeartbeatRequest {
        instanceId = instanceId == null ? Optional.empty() : instanceId;
        subscribedTopics = subscribedTopics == null ? null : new TreeSet<>(subscribedTopics);
        ownedPartitions = ownedPartitions == null ? null : Partitions.of(ownedPartitions);
    }

    /** A dynamic member joining with {@code topics}. */
    public static HeartbeatRequest join(String memberId, Set<String> topics) {
        return new HeartbeatRequest(memberId, Optional.empty(), JOIN_EPOCH, new TreeSet<>(topics), Set.of());
    }

    /** A static member joining (or restarting) with {@code topics}. */
    public static HeartbeatRequest joinStatic(String memberId, String instanceId, Set<String> topics) {
        return new HeartbeatRequest(memberId, Optional.of(instanceId), JOIN_EPOCH, new TreeSet<>(topics), Set.of());
    }

    /** A regular heartbeat: same subscription, consuming {@code owned}. */
    public static HeartbeatRequest of(String memberId, int memberEpoch, Set<TopicPartition> owned) {
        return new HeartbeatRequest(memberId, Optional.empty(), memberEpoch, null, owned);
    }

    /** A clean leave. */
    public static HeartbeatRequest leave(String memberId) {
        return new HeartbeatRequest(memberId, Optional.empty(), LEAVE_EPOCH, null, null);
    }
}
