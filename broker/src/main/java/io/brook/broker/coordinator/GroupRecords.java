package io.brook.broker.coordinator;

import io.brook.broker.group.GroupEvent;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.message.GroupRecord;
import io.brook.protocol.message.GroupRecordKey;
import io.brook.protocol.message.GroupRecordMemberTarget;
import io.brook.protocol.message.GroupRecordPartitions;
import io.brook.protocol.message.MemberAssignmentRecord;
import io.brook.protocol.message.MemberRemovedRecord;
import io.brook.protocol.message.MemberSubscribedRecord;
import io.brook.protocol.message.StaticMemberReplacedRecord;
import io.brook.protocol.message.TargetAssignmentRecord;
import io.brook.protocol.message.TopicPartitionCountRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The codec of the records of {@code __groups} ({@code group_records.proto}; layout and rules in
 * docs/formats.md, "__groups records"): a {@link GroupEvent} to a record value and back, and the key
 * of each record. Stateless; safe from any thread.
 */
final class GroupRecords {

    /** The version this broker writes its records with (its snapshot markers: {@link ShardSnapshot#MARKER_VERSION}). */
    static final int VERSION = 1;
    /** The highest version this broker reads; a record of a higher version is refused on replay. */
    static final int MAX_READ_VERSION = 2;

    private GroupRecords() {}

    /** One record to append: its key and value, encoded. */
    record Encoded(byte[] key, byte[] value) {}

    static Encoded encode(String groupId, GroupRecord value, String memberId, TopicPartition partition) {
        GroupRecordKey.Builder key = GroupRecordKey.newBuilder().setGroupId(groupId).setKind(value.getBodyCase().getNumber());
        if (memberId != null) {
            key.setMemberId(memberId);
        }
        if (partition != null) {
            key.setTopic(partition.topic()).setPartition(partition.partition());
        }
        return new Encoded(key.build().toByteArray(), value.toByteArray());
    }

    static Encoded encode(String groupId, GroupEvent event) {
        return encode(groupId, toRecord(event), memberOf(event), null);
    }

    static GroupRecord.Builder record() {
        return GroupRecord.newBuilder().setVersion(VERSION);
    }

    static GroupRecord toRecord(GroupEvent event) {
        GroupRecord.Builder r = record();
        if (event instanceof GroupEvent.TopicPartitionCount e) {
            r.setTopicPartitions(TopicPartitionCountRecord.newBuilder().setTopic(e.topic()).setPartitions(e.partitions()));
        } else if (event instanceof GroupEvent.MemberSubscribed e) {
            r.setMemberSubscribed(MemberSubscribedRecord.newBuilder().setMemberId(e.memberId())
                    .setInstanceId(e.instanceId().orElse("")).addAllTopics(e.topics()));
        } else if (event instanceof GroupEvent.MemberRemoved e) {
            r.setMemberRemoved(MemberRemovedRecord.newBuilder().setMemberId(e.memberId()).setReason(e.reason().name()));
        } else if (event instanceof GroupEvent.StaticMemberReplaced e) {
            r.setStaticMemberReplaced(StaticMemberReplacedRecord.newBuilder().setOldMemberId(e.oldMemberId())
                    .setNewMemberId(e.newMemberId()));
        } else if (event instanceof GroupEvent.TargetAssignment e) {
            TargetAssignmentRecord.Builder t = TargetAssignmentRecord.newBuilder().setGroupEpoch(e.groupEpoch());
            e.targets().forEach((member, partitions) ->
                    t.addTargets(GroupRecordMemberTarget.newBuilder().setMemberId(member).addAllPartitions(byTopic(partitions))));
            r.setTargetAssignment(t);
        } else if (event instanceof GroupEvent.MemberAssignment e) {
            r.setMemberAssignment(MemberAssignmentRecord.newBuilder().setMemberId(e.memberId()).setMemberEpoch(e.memberEpoch())
                    .setPreviousMemberEpoch(e.previousMemberEpoch()).addAllAssigned(byTopic(e.assigned()))
                    .addAllPendingRevocation(byTopic(e.pendingRevocation())));
        } else {
            throw new IllegalArgumentException("no record for " + event);
        }
        return r.build();
    }

    /** The event a record holds, or empty for the records that are not events (created, offsets, deleted). */
    static Optional<GroupEvent> toEvent(GroupRecord r) {
        return Optional.ofNullable(switch (r.getBodyCase()) {
            case TOPIC_PARTITIONS -> new GroupEvent.TopicPartitionCount(r.getTopicPartitions().getTopic(),
                    r.getTopicPartitions().getPartitions());
            case MEMBER_SUBSCRIBED -> {
                MemberSubscribedRecord m = r.getMemberSubscribed();
                yield new GroupEvent.MemberSubscribed(m.getMemberId(),
                        m.getInstanceId().isEmpty() ? Optional.empty() : Optional.of(m.getInstanceId()), new TreeSet<>(m.getTopicsList()));
            }
            case MEMBER_REMOVED -> new GroupEvent.MemberRemoved(r.getMemberRemoved().getMemberId(),
                    GroupEvent.RemovalReason.valueOf(r.getMemberRemoved().getReason()));
            case STATIC_MEMBER_REPLACED -> new GroupEvent.StaticMemberReplaced(r.getStaticMemberReplaced().getOldMemberId(),
                    r.getStaticMemberReplaced().getNewMemberId());
            case TARGET_ASSIGNMENT -> {
                TreeMap<String, SortedSet<TopicPartition>> targets = new TreeMap<>();
                for (GroupRecordMemberTarget t : r.getTargetAssignment().getTargetsList()) {
                    targets.put(t.getMemberId(), partitions(t.getPartitionsList()));
                }
                yield new GroupEvent.TargetAssignment(r.getTargetAssignment().getGroupEpoch(), targets);
            }
            case MEMBER_ASSIGNMENT -> {
                MemberAssignmentRecord m = r.getMemberAssignment();
                yield new GroupEvent.MemberAssignment(m.getMemberId(), m.getMemberEpoch(), m.getPreviousMemberEpoch(),
                        partitions(m.getAssignedList()), partitions(m.getPendingRevocationList()));
            }
            default -> null;
        });
    }

    private static String memberOf(GroupEvent event) {
        if (event instanceof GroupEvent.MemberSubscribed e) {
            return e.memberId();
        } else if (event instanceof GroupEvent.MemberRemoved e) {
            return e.memberId();
        } else if (event instanceof GroupEvent.StaticMemberReplaced e) {
            return e.newMemberId();
        } else if (event instanceof GroupEvent.MemberAssignment e) {
            return e.memberId();
        }
        return null;
    }

    /** Partitions grouped by topic, topics and partitions in ascending order. */
    static List<GroupRecordPartitions> byTopic(Collection<TopicPartition> partitions) {
        TreeMap<String, TreeSet<Integer>> grouped = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            grouped.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
        }
        List<GroupRecordPartitions> out = new ArrayList<>(grouped.size());
        grouped.forEach((topic, ps) -> out.add(GroupRecordPartitions.newBuilder().setTopic(topic).addAllPartitions(ps).build()));
        return out;
    }

    static SortedSet<TopicPartition> partitions(List<GroupRecordPartitions> byTopic) {
        TreeSet<TopicPartition> out = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        for (GroupRecordPartitions p : byTopic) {
            for (int partition : p.getPartitionsList()) {
                out.add(new TopicPartition(p.getTopic(), partition));
            }
        }
        return out;
    }
}
