package io.brook.broker.partition;

import io.brook.broker.cluster.BufEntries;
import io.brook.broker.cluster.MembershipBatch;
import io.brook.replication.raft.Membership;
import io.brook.broker.cluster.SliceEntries;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.replication.raft.Entries;
import io.brook.replication.raft.RaftLog;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import io.brook.storage.TermOffset;
import java.nio.charset.StandardCharsets;

/**
 * The Raft core's view of a partition's segment log. Everything runs on the partition's owner
 * thread; flushes are requested here and done by the {@link LogThread} after its burst (group commit).
 * In a replicated partition the node sees the log as flushed only up to the replica's recorded
 * {@link AckMark}, and truncations lower that mark first.
 */
final class ReplicaLog implements RaftLog {

    private final Partition partition;
    private final PartitionLog log;
    private final int brokerId;
    private final AckMark mark;
    private final RecordBatchBuilder marker = new RecordBatchBuilder(CompressionType.NONE, 256).control(true);

    /** @param mark the replica's acknowledged end, {@code null} for a single-replica partition */
    ReplicaLog(Partition partition, PartitionLog log, int brokerId, AckMark mark) {
        this.partition = partition;
        this.log = log;
        this.brokerId = brokerId;
        this.mark = mark;
    }

    @Override
    public long startOffset() {
        return log.logStartOffset();
    }

    @Override
    public long endOffset() {
        return log.logEndOffset();
    }

    @Override
    public long flushedOffset() {
        // acks and the leader's own count never go beyond what the mark records
        return mark == null ? log.flushedOffset() : Math.min(log.flushedOffset(), mark.end());
    }

    @Override
    public int lastTerm() {
        return log.lastTerm();
    }

    @Override
    public int termAt(long offset) {
        return log.termAt(offset);
    }

    @Override
    public long[] endOffsetForTerm(int term) {
        TermOffset t = log.endOffsetForTerm(term);
        return t.isKnown() ? new long[] {t.term(), t.endOffset()} : null;
    }

    @Override
    public Entries read(long from, int maxBytes) {
        ReadResult r = log.read(from, maxBytes, Long.MAX_VALUE);
        if (r.status() != ReadResult.Status.OK) {
            return Entries.NONE;
        }
        return new SliceEntries(r.slice());
    }

    @Override
    public void appendFollower(Entries entries, int fromBatch) {
        log.appendAsFollower(((BufEntries) entries).bytesFrom(fromBatch));
    }

    @Override
    public long truncateTo(long offset) {
        if (mark == null) {
            return log.truncateTo(offset);
        }
        // the new end is at or below offset (a batch that straddles it goes too): lower to offset
        // first, then to the new end; a crash in between only makes the replica recover needlessly
        mark.lowerTo(offset);
        long newEnd = log.truncateTo(offset);
        mark.lowerTo(newEnd);
        return newEnd;
    }

    @Override
    public void resetTo(long start, int termBeforeStart) {
        if (mark != null) {
            mark.lowerTo(start);
        }
        log.truncateFullyAndStartAt(start, termBeforeStart);
    }

    @Override
    public void appendLeaderMarker(int term) {
        marker.reset();
        marker.append(System.currentTimeMillis(), null, ("leader " + brokerId + " term " + term).getBytes(StandardCharsets.UTF_8));
        log.appendAsLeader(marker.build(), term);
    }

    @Override
    public void appendMembership(int term, Membership membership) {
        log.appendAsLeader(MembershipBatch.build(membership, System.currentTimeMillis()), term);
    }

    @Override
    public void requestFlush() {
        partition.requestFlush();
    }
}
