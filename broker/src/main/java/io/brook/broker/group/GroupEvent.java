package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One change of a group's recorded state. The coordinator emits one for every change it makes, and
 * {@link GroupState#apply} rebuilds the state from them alone, so each is meant to become one record
 * of the internal {@code __groups} topic: a new coordinator replays them and continues where the old
 * one stopped. Events carry results (a computed target, a member's new epoch), never inputs to be
 * decided again, so replay needs neither the assignor nor the clock.
 */
public sealed interface GroupEvent {

    /** The partition count of a topic, as the broker's metadata knows it. */
    record TopicPartitionCount(String topic, int partitions) implements GroupEvent {
        public TopicPartitionCount {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** A member joined (epoch 0, nothing assigned) or changed its subscription. */
    record MemberSubscribed(String memberId, Optional<String> instanceId, SortedSet<String> topics) implements GroupEvent {
        public MemberSubscribed {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(instanceId, "instanceId");
            topics = Collections.unmodifiableSortedSet(new TreeSet<>(topics));
        }
    }

    /** A member left, or was fenced; whatever it held is free at once. */
    record MemberRemoved(String memberId, RemovalReason reason) implements GroupEvent {
        public MemberRemoved {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A static member came back under a new member id: the new id takes the old one's place, epoch,
     * assignment and target, so nothing moves.
     */
    record StaticMemberReplaced(String oldMemberId, String newMemberId) implements GroupEvent {
        public StaticMemberReplaced {
            Objects.requireNonNull(oldMemberId, "oldMemberId");
            Objects.requireNonNull(newMemberId, "newMemberId");
        }
    }

    /** A new group epoch and the target assignment the assignor computed for it. */
    record TargetAssignment(int groupEpoch, SortedMap<String, SortedSet<TopicPartition>> targets) implements GroupEvent {
        public TargetAssignment {
            TreeMap<String, SortedSet<TopicPartition>> copy = new TreeMap<>();
            for (Map.Entry<String, ? extends Set<TopicPartition>> entry : targets.entrySet()) {
                copy.put(entry.getKey(), Partitions.of(entry.getValue()));
            }
            targets = Collections.unmodifiableSortedMap(copy);
        }
    }

    /** A member's reconciliation took one step: its epoch, current assignment and revocations. */
    record MemberAssignment(String memberId, int memberEpoch, int previousMemberEpoch,
            SortedSet<TopicPartition> assigned, SortedSet<TopicPartition> pendingRevocation) implements GroupEvent {
        public MemberAssignment {
            Objects.requireNonNull(memberId, "memberId");
            assigned = Partitions.of(assigned);
            pendingRevocation = Partitions.of(pendingRevocation);
        }
    }

    /** Why a member was removed. */
    enum RemovalReason {
        /** It sent a leave heartbeat (member epoch -1). */
        LEFT,
        /** Its last heartbeat is older than the session timeout. */
        SESSION_EXPIRED,
        /** It sent an epoch the coordinator cannot accept, or rejoined under its id with epoch 0. */
        FENCED,
        /** It did not acknowledge a revocation within its rebalance timeout. */
        REBALANCE_TIMEOUT
    }
}
