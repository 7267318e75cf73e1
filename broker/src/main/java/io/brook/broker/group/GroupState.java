package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The recorded state of one group: the group epoch, the partition counts of the topics it knows,
 * its members and the target assignment. It changes only by {@link #apply} of a {@link GroupEvent},
 * so a state rebuilt by {@link #replay} from the events a coordinator emitted is {@linkplain
 * #equals equal} to that coordinator's state. It decides nothing: {@link GroupCoordinator} does.
 *
 * <p>Not thread-safe: owned by the thread that owns the group's coordinator (later, the thread of
 * the {@code __groups} partition the group hashes to).
 */
public final class GroupState {

    private int groupEpoch;
    private final TreeMap<String, Integer> topicPartitions = new TreeMap<>();
    private final TreeMap<String, Member> members = new TreeMap<>();
    private final TreeMap<String, SortedSet<TopicPartition>> targets = new TreeMap<>();

    /** A state rebuilt from {@code events}, in order, from an empty group. */
    public static GroupState replay(Iterable<? extends GroupEvent> events) {
        GroupState state = new GroupState();
        for (GroupEvent event : events) {
            state.apply(event);
        }
        return state;
    }

    /**
     * Applies one event. Events are trusted: they were decided by a coordinator. Package-private so
     * that a state handed out by {@link GroupCoordinator#state()} cannot be changed behind its back.
     */
    void apply(GroupEvent event) {
        if (event instanceof GroupEvent.TopicPartitionCount e) {
            topicPartitions.put(e.topic(), e.partitions());
        } else if (event instanceof GroupEvent.MemberSubscribed e) {
            Member existing = members.get(e.memberId());
            members.put(e.memberId(), existing == null
                    ? Member.joining(e.memberId(), e.instanceId(), e.topics())
                    : existing.withSubscription(e.topics()));
        } else if (event instanceof GroupEvent.MemberRemoved e) {
            members.remove(e.memberId());
            targets.remove(e.memberId());
        } else if (event instanceof GroupEvent.StaticMemberReplaced e) {
            Member old = members.remove(e.oldMemberId());
            members.put(e.newMemberId(), old.withMemberId(e.newMemberId()));
            SortedSet<TopicPartition> target = targets.remove(e.oldMemberId());
            if (target != null) {
                targets.put(e.newMemberId(), target);
            }
        } else if (event instanceof GroupEvent.TargetAssignment e) {
            groupEpoch = e.groupEpoch();
            targets.clear();
            targets.putAll(e.targets());
        } else if (event instanceof GroupEvent.MemberAssignment e) {
            Member old = members.get(e.memberId());
            members.put(e.memberId(), new Member(old.memberId(), old.instanceId(), old.subscribedTopics(),
                    e.memberEpoch(), e.previousMemberEpoch(), e.assigned(), e.pendingRevocation()));
        } else {
            throw new IllegalArgumentException("unknown group event " + event);
        }
    }

    /**
     * Events that rebuild this state from an empty group ({@code replay(asEvents())} is equal to it):
     * the partition counts, each member's subscription and then its epochs and partitions, and the
     * target assignment with the group epoch. A snapshot of the group in place of its history.
     */
    public List<GroupEvent> asEvents() {
        List<GroupEvent> out = new ArrayList<>(topicPartitions.size() + 2 * members.size() + 1);
        topicPartitions.forEach((topic, partitions) -> out.add(new GroupEvent.TopicPartitionCount(topic, partitions)));
        for (Member m : members.values()) {
            out.add(new GroupEvent.MemberSubscribed(m.memberId(), m.instanceId(), m.subscribedTopics()));
            out.add(new GroupEvent.MemberAssignment(m.memberId(), m.memberEpoch(), m.previousMemberEpoch(), m.assigned(),
                    m.pendingRevocation()));
        }
        out.add(new GroupEvent.TargetAssignment(groupEpoch, targets));
        return out;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    /** Partition counts by topic name. */
    public SortedMap<String, Integer> topicPartitions() {
        return Collections.unmodifiableSortedMap(topicPartitions);
    }

    /** Members by member id. */
    public SortedMap<String, Member> members() {
        return Collections.unmodifiableSortedMap(members);
    }

    public Optional<Member> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    /** The member whose {@code group.instance.id} is {@code instanceId}, if any. */
    public Optional<Member> memberWithInstanceId(String instanceId) {
        return members.values().stream().filter(m -> m.instanceId().equals(Optional.of(instanceId))).findFirst();
    }

    /** The target assignment of the current group epoch, by member id. */
    public SortedMap<String, SortedSet<TopicPartition>> targets() {
        return Collections.unmodifiableSortedMap(targets);
    }

    public SortedSet<TopicPartition> target(String memberId) {
        return targets.getOrDefault(memberId, Partitions.empty());
    }

    /** Whether a member other than {@code memberId} holds {@code partition} (assigned or pending revocation). */
    boolean heldByAnotherMember(TopicPartition partition, String memberId) {
        for (Member member : members.values()) {
            if (!member.memberId().equals(memberId) && member.holds(partition)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupState other && groupEpoch == other.groupEpoch
                && topicPartitions.equals(other.topicPartitions) && members.equals(other.members)
                && targets.equals(other.targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupEpoch, topicPartitions, members, targets);
    }

    @Override
    public String toString() {
        return "GroupState{epoch=" + groupEpoch + ", topics=" + topicPartitions + ", members=" + members
                + ", targets=" + targets + '}';
    }
}
