package io.brook.replication.control.quorum;

import io.brook.storage.AppendInfo;
import io.brook.storage.PartitionLog;
import java.nio.ByteBuffer;

/**
 * The replicated log the controller runs on, as a controller voter's broker provides it: the metadata
 * partition, a Raft group of the controller voters whose log is an ordinary partition log. The broker
 * replicates, fsyncs and commits it exactly like a partition of an {@code acks=all} topic; the controller
 * only appends commands as leader and applies what is committed.
 *
 * <p>Threads: {@link #execute} may be called from any thread; every other method only on the log's owner
 * thread (inside a task given to {@link #execute}, or inside the listener).
 */
public interface MetadataLog {

    /**
     * Runs {@code task} on the owner thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the log is closed
     */
    void execute(Runnable task);

    /**
     * Sets what the owner thread calls after anything that may have changed what is committed or who
     * leads (commits, fsyncs, role changes, a reset of the log). Called once, before the first event.
     */
    void listen(Runnable onChange);

    /** The term in which this replica leads and may append now, or -1 (follower, candidate, handing over). */
    int leaderTerm();

    /** The leader this replica knows of (itself when leading), or -1. */
    int leaderId();

    /**
     * Leader only: appends the record batches in {@code batches} in the current term. They are committed
     * once {@link #committedEnd()} passes them.
     *
     * @throws IllegalStateException when this replica does not lead (nothing was appended)
     * @throws io.brook.protocol.record.InvalidBatchException for a malformed batch (nothing was appended)
     * @throws io.brook.storage.StorageException when the log failed (the log is then offline)
     */
    AppendInfo append(ByteBuffer batches);

    /**
     * Every offset below it is committed: fsynced on a majority of the voters (on the one voter, when
     * there is one). Only committed entries may be applied.
     */
    long committedEnd();

    /** The log, for reads (offsets, {@link PartitionLog#read}), or null while it is offline; never write through it. */
    PartitionLog log();

    /**
     * Allows retention to delete whole segments that lie entirely below {@code offset}: the offset of a
     * committed checkpoint, from which the state can be rebuilt.
     */
    void allowRetentionBelow(long offset);
}
