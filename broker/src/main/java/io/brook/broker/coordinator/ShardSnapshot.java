package io.brook.broker.coordinator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.broker.group.GroupEvent;
import io.brook.protocol.message.GroupCreatedRecord;
import io.brook.protocol.message.GroupRecord;
import io.brook.protocol.message.GroupRecordKey;
import io.brook.protocol.message.GroupsSnapshotRecord;
import io.brook.protocol.message.OffsetCommitRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A snapshot of every group of a {@code __groups} partition, as records for one batch: a
 * {@link GroupsSnapshotRecord} marker, then per group its creation (with the time retention counts
 * from), the state-machine events that rebuild its current state ({@code GroupState.asEvents}) and
 * its committed offsets. Appended as one batch, a snapshot is in the log whole or not at all; a
 * replay that meets the marker drops what it rebuilt so far. Stateless; safe from any thread.
 */
final class ShardSnapshot {

    /** The version of the marker record: a broker that reads only v1 records refuses it. */
    static final int MARKER_VERSION = 2;

    private ShardSnapshot() {}

    /** The records of a snapshot of {@code groups}, the marker first. Coordinator thread (reads the groups). */
    static List<GroupRecords.Encoded> of(Collection<CoordinatedGroup> groups, long nowMs) {
        List<GroupRecords.Encoded> body = new ArrayList<>();
        for (CoordinatedGroup g : groups) {
            body.add(GroupRecords.encode(g.groupId, GroupRecords.record().setCreated(GroupCreatedRecord.newBuilder()
                    .setAssignor(g.assignor).setCreatedMs(g.lastCommitMs)).build(), null, null));
            for (GroupEvent e : g.coordinator.state().asEvents()) {
                body.add(GroupRecords.encode(g.groupId, e));
            }
            g.offsets.forEach((tp, c) -> body.add(GroupRecords.encode(g.groupId, GroupRecords.record()
                    .setOffsetCommit(OffsetCommitRecord.newBuilder().setTopic(tp.topic()).setPartition(tp.partition())
                            .setOffset(c.offset()).setTerm(c.term()).setMetadata(c.metadata()).setCommitTimeMs(c.commitTimeMs()))
                    .build(), null, tp)));
        }
        List<GroupRecords.Encoded> out = new ArrayList<>(body.size() + 1);
        GroupRecord marker = GroupRecord.newBuilder().setVersion(MARKER_VERSION).setSnapshot(GroupsSnapshotRecord.newBuilder()
                .setGroups(groups.size()).setRecords(body.size()).setWrittenMs(nowMs)).build();
        out.add(GroupRecords.encode("", marker, null, null));
        out.addAll(body);
        return out;
    }

    /** Whether a record key is a snapshot marker's; keys that do not parse are not. */
    static boolean isMarker(byte[] keyBytes) {
        try {
            return GroupRecordKey.parseFrom(keyBytes).getKind() == GroupRecord.SNAPSHOT_FIELD_NUMBER;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
