package io.brook.broker.coordinator;

import io.brook.broker.group.Assignor;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.partition.Partition;
import io.brook.protocol.message.GroupCreatedRecord;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The groups of one partition of {@code __groups} that this broker leads, in the leader term that
 * loaded them. It is {@link #loaded} once the partition was replayed up to a commit end that holds an
 * entry of that term; until then requests get COORDINATOR_LOAD_IN_PROGRESS. Owned by the coordinator
 * thread.
 */
final class GroupShard {

    final Partition partition;
    final int term;
    /** The log end when this broker became leader (after its term's leader marker): loading waits for the commit end to pass it. */
    final long loadAfter;
    final TreeMap<String, CoordinatedGroup> groups = new TreeMap<>();
    boolean loaded;
    /** Records appended (or replayed) after the last snapshot's own records. */
    long sinceSnapshot;
    /** The records of the last snapshot (0 without one): the next waits until at least as many follow. */
    long snapshotRecords;
    /** Completes when every append made so far is committed (or failed): answers that change nothing wait for it. */
    CompletableFuture<Void> lastAppend = CompletableFuture.completedFuture(null);

    GroupShard(Partition partition, int term, long loadAfter) {
        this.partition = partition;
        this.term = term;
        this.loadAfter = loadAfter;
    }

    /** A new group in this shard, and its creation record added to {@code records}. */
    CoordinatedGroup create(String groupId, String assignor, int sessionTimeoutMs, long nowMs, List<GroupRecords.Encoded> records) {
        CoordinatedGroup group = new CoordinatedGroup(groupId, assignor, new GroupCoordinator(Assignor.named(assignor), sessionTimeoutMs), nowMs);
        groups.put(groupId, group);
        records.add(GroupRecords.encode(groupId, GroupRecords.record()
                .setCreated(GroupCreatedRecord.newBuilder().setAssignor(assignor).setCreatedMs(nowMs)).build(), null, null));
        return group;
    }

    /** Whether the partition is still led by this broker in the shard's term. */
    boolean stillLeading() {
        return partition.isLeader() && partition.leaderTerm() == term;
    }
}
