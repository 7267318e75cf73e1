package io.brook.broker.partition;

import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.replication.raft.RaftListener;
import io.brook.replication.raft.RaftNode;
import io.brook.storage.PartitionLog;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition replica on this broker: its log, the Raft node that replicates it, its owner thread,
 * its high watermark (the Raft commit end), the produce requests waiting for commit and the fetches
 * waiting for data.
 *
 * <p>Threads: the log and the Raft node are used only on {@link #owner()}; reads of the log and of
 * the volatile fields are safe from any thread.
 */
public final class Partition {

    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    /** An acks=all append waiting for its batches to commit. */
    private record PendingAck(long lastOffset, long deadlineMs, AppendResult result, Consumer<AppendResult> callback) {}

    private final TopicPartition id;
    private final LogThread owner;
    /** The topic incarnation this replica is opened for (see {@link #createdFor()}). */
    private final String createdFor;
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();
    private volatile PartitionLog log;
    private volatile RaftNode raft;
    private volatile AckMark ackMark;
    private volatile String topicId = "";
    private volatile List<Integer> replicas = List.of();
    private volatile List<Integer> moveTarget = List.of();
    private volatile long moveThrottleBytesPerSec;
    private volatile long highWatermark;
    private volatile String offlineReason;
    /** Owner thread only: see {@link #opening()}. */
    private CompletableFuture<Void> opening;
    private volatile boolean quiescent;
    private volatile int leaderId = -1;
    private volatile int leaderTerm = -1;
    private volatile Map<Integer, Long> replicaProgress = Map.of();
    private volatile long retentionLimit = Long.MAX_VALUE;
    private boolean flushRequested;
    /** {@link #TICKING}, {@link #NOT_TICKED} or the owner's parked slot (see {@link LogThread}); written on the owner thread. */
    private volatile int tickSlot = NOT_TICKED;
    /** Raft ticks this replica was given; written on the owner thread. */
    private volatile long ticks;
    static final int TICKING = -1;
    static final int NOT_TICKED = -2;
    private Consumer<Partition> onRoleChange = p -> {};
    private Runnable observer = () -> {};

    Partition(TopicPartition id, LogThread owner, String createdFor) {
        this.id = id;
        this.owner = owner;
        this.createdFor = createdFor;
        // __groups is the groups' only copy: none of it goes until a committed snapshot covers it
        this.retentionLimit = GroupIds.GROUPS_TOPIC.equals(id.topic()) ? 0 : Long.MAX_VALUE;
    }

    public TopicPartition id() {
        return id;
    }

    public LogThread owner() {
        return owner;
    }

    /** The log, or {@code null} while the partition is offline or not yet open. */
    public PartitionLog log() {
        return log;
    }

    /** The acknowledged end of a replicated partition's replica, {@code null} with one replica; owner thread only. */
    AckMark ackMark() {
        return ackMark;
    }

    void ackMark(AckMark mark) {
        this.ackMark = mark;
    }

    /** The Raft node; owner thread only. */
    public RaftNode raft() {
        return raft;
    }

    /** The topic id of the open (or failed) replica; empty while its files are still being opened. */
    public String topicId() {
        return topicId;
    }

    /**
     * The topic id this replica was created for, known from the start: a replica whose files are still
     * being opened is the same incarnation as one open, and must not be taken for another topic's.
     */
    String createdFor() {
        return createdFor;
    }

    /** The Raft group's voters, preferred leader first. */
    public List<Integer> replicas() {
        return replicas;
    }

    /** Offsets below it are committed and visible to consumers. */
    public long highWatermark() {
        return highWatermark;
    }

    /** Why the partition is offline (its storage failed), or {@code null}. */
    public String offlineReason() {
        return offlineReason;
    }

    /** The leader this replica knows of (itself when leading), or -1. */
    public int leaderId() {
        return leaderId;
    }

    public int leaderTerm() {
        return leaderTerm;
    }

    /** While the metadata asks for a move: the replicas it moves to, preferred leader first; else empty. */
    public List<Integer> moveTarget() {
        return moveTarget;
    }

    /** While a move runs: bytes per second a new replica may be sent (0: no limit). */
    public long moveThrottleBytesPerSec() {
        return moveThrottleBytesPerSec;
    }

    /** The metadata's view of the partition's replicas and of the move under way, if any. */
    void assign(List<Integer> replicas, List<Integer> target, long throttleBytesPerSec) {
        this.replicas = List.copyOf(replicas);
        this.moveTarget = List.copyOf(target);
        this.moveThrottleBytesPerSec = throttleBytesPerSec;
    }

    /** Whether this replica leads (as of its last role change; the Raft node has the final word). */
    public boolean isLeader() {
        RaftNode r = raft;
        return r != null && leaderId == r.id() && log != null;
    }

    /** Leader only: per follower, the end of its log known to match and be durable (-1 unknown). */
    public Map<Integer, Long> replicaProgress() {
        return replicaProgress;
    }

    /** Owner thread: while the replica's files are being opened, completed when it is open (or offline); else null. */
    CompletableFuture<Void> opening() {
        return opening;
    }

    void opening(CompletableFuture<Void> f) {
        this.opening = f;
    }

    void opened(PartitionLog log, RaftNode raft, String topicId, List<Integer> replicas, Consumer<Partition> onRoleChange) {
        this.log = log;
        this.raft = raft;
        this.topicId = topicId;
        this.replicas = List.copyOf(replicas);
        this.offlineReason = null;
        this.onRoleChange = onRoleChange;
        this.highWatermark = raft.commitEnd();
    }

    /**
     * The replica for {@code topicId} could not be opened. The id is kept so that the next metadata
     * image finds the replica it asked for: a replica with another (or no) id is removed, and with it
     * the directory that the operator must look at.
     */
    void failedToOpen(String topicId, String reason) {
        this.topicId = topicId;
        offline(reason);
    }

    void offline(String reason) {
        this.offlineReason = reason;
        this.log = null;
        this.raft = null;
        this.leaderId = -1;
        failPending(ErrorCode.STORAGE_ERROR, "partition " + id + " is offline: " + reason);
    }

    void closed() {
        this.log = null;
        this.raft = null;
        this.leaderId = -1;
        failPending(ErrorCode.REQUEST_TIMED_OUT, "partition " + id + " was closed on this broker before the append committed; "
                + "it may or may not be committed");
    }

    /** The Raft events of this replica, handled on the owner thread. */
    RaftListener listener() {
        return new RaftListener() {
            @Override
            public void onLeader(int term) {
                leaderId = raft.id();
                leaderTerm = term;
                int from = raft.transferredFrom();
                LOG.info("Broker {} leads {} in term {}: {}", leaderId, id, term,
                        from >= 0 ? "leadership transferred from broker " + from : "won an election");
                onRoleChange.accept(Partition.this);
                observer.run();
            }

            @Override
            public void onFollower(int term, int leader) {
                leaderId = leader;
                leaderTerm = term;
                // appended but not committed: it may still commit under the next leader, so the outcome is unknown
                failPending(ErrorCode.REQUEST_TIMED_OUT, "leadership of " + id + " moved before the append committed; "
                        + "it may or may not be committed");
                onRoleChange.accept(Partition.this);
                observer.run();
            }

            @Override
            public void onCommit(long commitEnd) {
                advanceHighWatermark(commitEnd);
                completeCommitted();
            }

            @Override
            public void onUnparked() {
                owner.unparked(Partition.this);
            }
        };
    }

    /** Owner thread: remember an acks=all append until it commits, fails, or times out. */
    void awaitCommit(long lastOffset, long deadlineMs, AppendResult result, Consumer<AppendResult> callback) {
        pendingAcks.addLast(new PendingAck(lastOffset, deadlineMs, result, callback));
        completeCommitted();
    }

    /**
     * Owner thread: sets what runs after every commit, fsync and role change of this replica (the
     * controller's state machine on the metadata partition).
     */
    void observe(Runnable observer) {
        this.observer = observer;
    }

    /** Retention may delete only whole segments below this offset (besides the high watermark). */
    long retentionLimit() {
        return retentionLimit;
    }

    void retentionLimit(long offset) {
        this.retentionLimit = offset;
    }

    /**
     * Lets retention delete whole segments below {@code offset} (for {@code __groups}: the start of its
     * last committed snapshot, which makes what precedes it unnecessary). Any thread.
     */
    public void allowRetentionBelow(long offset) {
        this.retentionLimit = offset;
    }

    /**
     * Owner thread: the offsets below it are committed and durable: on a majority of the replicas, or on
     * this replica's disk when it is the only one.
     */
    long durableCommitEnd() {
        PartitionLog l = log;
        RaftNode r = raft;
        if (l == null || r == null) {
            return 0;
        }
        return r.voters().size() > 1 ? r.commitEnd() : Math.min(r.commitEnd(), l.flushedOffset());
    }

    /** Owner thread: answers the appends that are committed (and, in a one-replica group, on disk). */
    void completeCommitted() {
        PartitionLog l = log;
        RaftNode r = raft;
        if (l == null || r == null) {
            return;
        }
        observer.run();
        long durable = r.voters().size() > 1 ? Long.MAX_VALUE : l.flushedOffset();
        long commit = r.commitEnd();
        while (!pendingAcks.isEmpty()) {
            PendingAck a = pendingAcks.peekFirst();
            if (a.lastOffset() >= commit || a.lastOffset() >= durable) {
                break;
            }
            pendingAcks.pollFirst();
            a.callback().accept(a.result());
        }
    }

    /** Owner thread: fails the acks=all appends whose timeout passed. */
    void expirePending(long nowMs) {
        pendingAcks.removeIf(a -> {
            if (a.deadlineMs() <= nowMs) {
                a.callback().accept(AppendResult.error(ErrorCode.REQUEST_TIMED_OUT, "the append to " + id
                        + " did not commit within the request timeout; it may still commit"));
                return true;
            }
            return false;
        });
    }

    void failPending(ErrorCode code, String message) {
        while (!pendingAcks.isEmpty()) {
            PendingAck a = pendingAcks.pollFirst();
            AppendResult err = new AppendResult(code, message, -1L, -1L, -1L);
            a.callback().accept(err);
        }
    }

    /** Owner thread: refreshes the snapshot of follower progress that describe requests read. */
    void refreshProgress() {
        RaftNode r = raft;
        if (r != null && r.isLeader()) {
            if (!r.followerMatchEndsEqual(replicaProgress)) {
                replicaProgress = Map.copyOf(r.followerMatchEnds()); // built only when it changed: rarely, when idle
            }
        } else if (!replicaProgress.isEmpty()) {
            replicaProgress = Map.of();
        }
        quiescent = r != null && r.isQuiescent();
    }

    /** Whether the replica's Raft group was quiescent at the last tick (idle: slow heartbeats); any thread. */
    public boolean isQuiescent() {
        return quiescent;
    }

    int tickSlot() {
        return tickSlot;
    }

    /** Owner thread: the replica's Raft node was ticked. */
    void ticked() {
        ticks++;
    }

    /** How many Raft ticks this replica was given (compare with {@link LogThread#ticksRun()}); any thread. */
    public long ticks() {
        return ticks;
    }

    /** Whether the owner thread ticks this replica only once per election timeout (see {@link LogThread}); any thread. */
    public boolean isParked() {
        return tickSlot >= 0;
    }

    void tickSlot(int slot) {
        tickSlot = slot;
    }

    boolean flushRequested() {
        return flushRequested;
    }

    /** Owner thread: asks for an fsync of this replica's log at the end of the owner's burst (once per burst). */
    void requestFlush() {
        if (!flushRequested) {
            flushRequested = true;
            owner.flushLater(this);
        }
    }

    void flushRequested(boolean requested) {
        this.flushRequested = requested;
    }

    /** Owner thread: publish a new high watermark and wake waiting fetches. */
    void advanceHighWatermark(long hw) {
        if (hw > highWatermark) {
            highWatermark = hw;
            wakeWaiters();
        }
    }

    /**
     * Registers a callback run (once, on the owner thread) the next time the high watermark moves or
     * the partition goes away. The callback must be cheap and must not block.
     */
    public void onNextChange(Runnable waiter) {
        waiters.add(waiter);
        if (log == null) {
            wakeWaiters();
        }
    }

    /** Drops a waiter that is no longer needed (its fetch was answered). */
    public void cancelWaiter(Runnable waiter) {
        waiters.remove(waiter);
    }

    void wakeWaiters() {
        Runnable r;
        while ((r = waiters.poll()) != null) {
            r.run();
        }
    }

    @Override
    public String toString() {
        return "Partition(" + id + ")";
    }
}
