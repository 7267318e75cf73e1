package io.brook.client.internal.admin;

import io.brook.client.GroupDescription;
import io.brook.client.GroupListing;
import io.brook.client.GroupState;
import io.brook.client.MemberDescription;
import io.brook.client.TopicPartition;
import io.brook.protocol.message.GroupMemberDescription;
import io.brook.protocol.message.ListedGroup;
import io.brook.protocol.message.TopicPartitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Conversions of group responses into the public result types. Stateless. */
final class GroupResponses {

    /** Topic, then partition: the order of every partition set the admin client returns. */
    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private GroupResponses() {}

    static GroupListing listing(ListedGroup g) {
        return new GroupListing(g.getGroupId(), GroupState.fromLabel(g.getState()), g.getMemberCount());
    }

    static GroupDescription group(io.brook.protocol.message.GroupDescription g) {
        List<MemberDescription> members = new ArrayList<>();
        for (GroupMemberDescription m : g.getMembersList()) {
            members.add(member(m));
        }
        return new GroupDescription(g.getGroupId(), GroupState.fromLabel(g.getState()), g.getGroupEpoch(), g.getAssignor(),
                g.getCoordinatorId(), members);
    }

    private static MemberDescription member(GroupMemberDescription m) {
        return new MemberDescription(m.getMemberId(),
                m.getInstanceId().isEmpty() ? Optional.empty() : Optional.of(m.getInstanceId()), m.getClientId(),
                m.getClientHost(), m.getMemberEpoch(), m.getSubscribedTopicNamesList(), partitions(m.getAssignmentList()),
                partitions(m.getPendingRevocationList()), partitions(m.getTargetList()));
    }

    private static Set<TopicPartition> partitions(List<TopicPartitions> topics) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartitions t : topics) {
            for (int p : t.getPartitionsList()) {
                out.add(new TopicPartition(t.getTopic(), p));
            }
        }
        out.sort(PARTITION_ORDER);
        return new LinkedHashSet<>(out);
    }
}
