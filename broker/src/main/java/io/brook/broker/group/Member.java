package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One member of a group as the coordinator records it: what survives a coordinator failover.
 *
 * <p>{@code assigned} is what the member may consume now; {@code pendingRevocation} is what it was
 * told to give up and has not yet acknowledged giving up (its heartbeats still list it as owned).
 * Both count as held: no other member is given a partition the member holds. The session time
 * (last heartbeat) and the owned partitions the member last reported are not here: they live in the
 * coordinator's memory only ({@link GroupCoordinator}), as a new coordinator restarts every session.
 *
 * @param memberId the member's id, chosen by the client
 * @param instanceId the {@code group.instance.id} of a static member, or empty
 * @param subscribedTopics the topics it subscribes to
 * @param memberEpoch the group epoch whose target the member has reached or is moving to; 0 for a new member
 * @param previousMemberEpoch the epoch before the last advance, accepted from a member that lost a response
 * @param assigned the partitions it may consume now
 * @param pendingRevocation the partitions it must stop consuming and has not yet acknowledged
 */
public record Member(
        String memberId,
        Optional<String> instanceId,
        SortedSet<String> subscribedTopics,
        int memberEpoch,
        int previousMemberEpoch,
        SortedSet<TopicPartition> assigned,
        SortedSet<TopicPartition> pendingRevocation) {

    public Member {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(instanceId, "instanceId");
        subscribedTopics = Collections.unmodifiableSortedSet(new TreeSet<>(subscribedTopics));
        assigned = Partitions.of(assigned);
        pendingRevocation = Partitions.of(pendingRevocation);
    }

    /** A member that has just joined: epoch 0, nothing assigned. */
    static Member joining(String memberId, Optional<String> instanceId, Set<String> topics) {
        return new Member(memberId, instanceId, new TreeSet<>(topics), 0, 0, Partitions.empty(), Partitions.empty());
    }

    boolean holds(TopicPartition partition) {
        return assigned.contains(partition) || pendingRevocation.contains(partition);
    }

    Member withSubscription(Set<String> topics) {
        return new Member(memberId, instanceId, new TreeSet<>(topics), memberEpoch, previousMemberEpoch, assigned, pendingRevocation);
    }

    Member withMemberId(String newMemberId) {
        return new Member(newMemberId, instanceId, subscribedTopics, memberEpoch, previousMemberEpoch, assigned, pendingRevocation);
    }
}
