package io.brook.broker.partition;

import io.brook.replication.control.quorum.MetadataLog;
import io.brook.replication.raft.RaftNode;
import io.brook.storage.AppendInfo;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;

/**
 * The controller's metadata log on this broker: a partition replica like any other (segment log, Raft
 * group of the controller voters, owner thread, group commit, fsync before acknowledging), whose records
 * are metadata changes instead of client data. Clients cannot reach it (it is not a topic: its name is
 * not a valid topic name, and the partition manager does not list it).
 *
 * <p>Threads: as {@link MetadataLog} says; {@link #execute} hands tasks to the partition's owner thread.
 */
public final class MetadataPartition implements MetadataLog {

    /** The partition name in Raft messages; the brackets make it impossible as a topic name. */
    public static final String NAME = "[metadata]";

    private final Partition partition;

    MetadataPartition(Partition partition) {
        this.partition = partition;
    }

    /** Why the log could not be opened or failed (e.g. a damaged segment), or {@code null} while it runs. */
    public String offlineReason() {
        return partition.offlineReason();
    }

    @Override
    public void execute(Runnable task) {
        try {
            partition.owner().execute(task);
        } catch (IllegalStateException stopped) {
            throw new RejectedExecutionException("the metadata log's thread is stopped", stopped);
        }
    }

    @Override
    public void listen(Runnable onChange) {
        execute(() -> partition.observe(onChange));
    }

    @Override
    public int leaderTerm() {
        RaftNode r = partition.raft();
        return r != null && partition.log() != null && r.isLeader() && !r.isTransferring() ? r.term() : -1;
    }

    @Override
    public int leaderId() {
        RaftNode r = partition.raft();
        return r == null ? -1 : r.leaderId();
    }

    @Override
    public AppendInfo append(ByteBuffer batches) {
        RaftNode r = partition.raft();
        PartitionLog log = partition.log();
        if (leaderTerm() < 0 || r == null || log == null) {
            throw new IllegalStateException("this broker does not lead the metadata partition");
        }
        AppendInfo info;
        try {
            info = log.appendAsLeader(batches, r.term());
            r.onLeaderAppended();
        } catch (StorageException e) {
            PartitionManager.markOffline(partition, e);
            throw e;
        }
        if (r.voters().size() == 1) {
            // the single voter commits on append: it must still be on disk before it is applied
            partition.requestFlush();
        }
        return info;
    }

    @Override
    public long committedEnd() {
        return partition.durableCommitEnd();
    }

    @Override
    public PartitionLog log() {
        return partition.log();
    }

    @Override
    public void allowRetentionBelow(long offset) {
        partition.retentionLimit(offset);
    }
}
