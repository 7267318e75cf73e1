package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Moves one member one step toward its target, when that member heartbeats. The rules, in order:
 * <ol>
 *   <li><b>Wait for revocation.</b> While the member has partitions pending revocation, nothing else
 *       happens to it until a heartbeat's owned partitions no longer list any of them; then they are
 *       released.</li>
 *   <li><b>Stable.</b> A member at the group epoch whose assignment is its target is left alone.</li>
 *   <li><b>Revoke.</b> If it is assigned partitions outside its target, it keeps only the rest and must
 *       revoke those; its member epoch does not advance, since it has not reached the new target.</li>
 *   <li><b>Advance and assign.</b> Otherwise it advances to the group epoch and is given each partition
 *       of its target that no other member holds (assigned or pending revocation). Partitions still held
 *       elsewhere are given on a later heartbeat, once released.</li>
 * </ol>
 * Rule 1 with the "no other member holds" condition of rule 4 is what keeps two members from ever
 * consuming one partition; a member whose target keeps its partitions meets rules 2 or 4 only and is
 * never asked to stop. Stateless.
 */
final class Reconciler {

    private Reconciler() {}

    /**
     * The member after one step.
     *
     * @param member the member as recorded
     * @param groupEpoch the group epoch, whose target {@code target} is
     * @param target the member's target
     * @param owned the partitions its heartbeat says it owns, or null if the heartbeat did not say
     * @param heldByOther whether another member holds a partition
     */
    static Member reconcile(Member member, int groupEpoch, SortedSet<TopicPartition> target,
            Set<TopicPartition> owned, Predicate<TopicPartition> heldByOther) {
        Member current = member;
        if (!current.pendingRevocation().isEmpty()) {
            if (owned == null || Partitions.intersects(current.pendingRevocation(), owned)) {
                return current;
            }
            current = with(current, current.memberEpoch(), current.previousMemberEpoch(), current.assigned(), Partitions.empty());
        }
        if (current.memberEpoch() == groupEpoch && current.assigned().equals(target)) {
            return current;
        }
        SortedSet<TopicPartition> revoke = Partitions.minus(current.assigned(), target);
        if (!revoke.isEmpty()) {
            return with(current, current.memberEpoch(), current.previousMemberEpoch(),
                    Partitions.intersection(current.assigned(), target), revoke);
        }
        TreeSet<TopicPartition> assigned = Partitions.builder();
        assigned.addAll(current.assigned());
        for (TopicPartition partition : target) {
            if (!assigned.contains(partition) && !heldByOther.test(partition)) {
                assigned.add(partition);
            }
        }
        int previous = current.memberEpoch() == groupEpoch ? current.previousMemberEpoch() : current.memberEpoch();
        return with(current, groupEpoch, previous, assigned, Partitions.empty());
    }

    private static Member with(Member m, int epoch, int previousEpoch, Set<TopicPartition> assigned, Set<TopicPartition> pending) {
        return new Member(m.memberId(), m.instanceId(), m.subscribedTopics(), epoch, previousEpoch,
                Partitions.of(assigned), Partitions.of(pending));
    }
}
