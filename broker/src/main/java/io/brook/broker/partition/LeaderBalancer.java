package io.brook.broker.partition;

import io.brook.replication.raft.RaftNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the leadership of partitions this broker leads back to their preferred leader (first
 * replica) with a Raft leadership transfer (TimeoutNow: the target starts its election at once, no
 * election timeout, no unavailability beyond the transfer itself).
 *
 * <p>A transfer starts only when the preferred leader is alive and caught up: in the leader's
 * follower progress its match end is at least the commit end ({@link RaftNode#followerMatchEnds()}
 * reports -1 for a follower that is recovering or silent for an election timeout), and the Raft node
 * sends TimeoutNow only once the target's match end reaches the leader's log end (it gives up after an
 * election timeout). The periodic check adds a grace: the preferred leader must have been seen caught
 * up at checks spanning {@code graceMs}, so that a broker that just restarted catches up on all its
 * partitions before it takes their leadership. No storm: at most one transfer per partition is in
 * flight (a partition already transferring is skipped), at most {@code maxTransfers} start per
 * periodic check, and a failed transfer is retried only at a later check.
 *
 * <p>Threads: {@link #check} and {@link #rebalanceNow} run on any thread and hand each partition to
 * its owner thread, which alone reads its Raft node; the grace bookkeeping is a concurrent map.
 */
public final class LeaderBalancer {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderBalancer.class);

    /** What happened to one partition led by this broker but not by its preferred leader. */
    public enum Outcome {
        /** Dry run: it would move now. */
        PLANNED,
        /** The transfer started. */
        STARTED,
        /** The preferred leader is not caught up (or not heard from): leadership stays. */
        PREFERRED_BEHIND,
        /** A transfer of this partition is already in flight. */
        IN_PROGRESS
    }

    /** A leadership move of partition {@code id} from this broker to {@code to}. */
    public record Move(TopicPartition id, int from, int to, Outcome outcome) {}

    private final LongSupplier clock;
    private final long graceMs;
    private final int maxTransfers;
    private final Map<TopicPartition, Long> caughtUpSince = new ConcurrentHashMap<>();

    public LeaderBalancer(LongSupplier clock, long graceMs, int maxTransfers) {
        this.clock = clock;
        this.graceMs = graceMs;
        this.maxTransfers = maxTransfers;
    }

    /** The periodic check: starts at most {@code maxTransfers} transfers whose preferred leader passed its grace. */
    public void check(Collection<Partition> partitions) {
        AtomicInteger budget = new AtomicInteger(maxTransfers);
        caughtUpSince.keySet().retainAll(partitions.stream().map(Partition::id).collect(java.util.stream.Collectors.toSet()));
        for (Partition p : partitions) {
            if (!p.isLeader()) {
                caughtUpSince.remove(p.id());
                continue;
            }
            if (preferredLeader(p) < 0) {
                continue;
            }
            submit(p, () -> {
                Outcome o = evaluate(p, false);
                if (o == Outcome.PREFERRED_BEHIND) {
                    caughtUpSince.remove(p.id());
                } else if (o == Outcome.PLANNED && passedGrace(p.id()) && budget.getAndDecrement() > 0) {
                    start(p, "preferred-leader rebalance");
                }
                return null;
            });
        }
    }

    /**
     * Operator request: for every partition this broker leads that is not led by its preferred
     * leader, starts the transfer now (no grace, no per-check bound; still only to a caught-up
     * preferred leader), or with {@code dryRun} only says what it would do.
     */
    public CompletableFuture<List<Move>> rebalanceNow(Collection<Partition> partitions, boolean dryRun) {
        List<CompletableFuture<Move>> moves = new ArrayList<>();
        for (Partition p : partitions) {
            int preferred = preferredLeader(p);
            if (!p.isLeader() || preferred < 0) {
                continue;
            }
            moves.add(submit(p, () -> {
                RaftNode r = p.raft();
                if (r == null || !r.isLeader()) {
                    return null;
                }
                Outcome o = evaluate(p, true);
                if (o == Outcome.PLANNED && !dryRun) {
                    start(p, "preferred-leader rebalance requested by an operator");
                    o = Outcome.STARTED;
                }
                return new Move(p.id(), r.id(), preferred, o);
            }));
        }
        return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
                .thenApply(v -> moves.stream().map(CompletableFuture::join).filter(m -> m != null).toList());
    }

    /** The preferred leader when it is another broker of a replicated partition, else -1. */
    private static int preferredLeader(Partition p) {
        List<Integer> replicas = p.replicas();
        RaftNode r = p.raft();
        // during a replica move the mover decides who leads (it hands leadership away from a leaving leader)
        return replicas.size() > 1 && r != null && replicas.get(0) != r.id() && p.moveTarget().isEmpty() ? replicas.get(0) : -1;
    }

    /** Owner thread: whether the partition should move now (PLANNED), ignoring the grace. */
    private static Outcome evaluate(Partition p, boolean operator) {
        RaftNode r = p.raft();
        int preferred = preferredLeader(p);
        if (r == null || !r.isLeader() || preferred < 0 || !r.voters().contains(preferred)) {
            return null;
        }
        if (r.isTransferring()) {
            return Outcome.IN_PROGRESS;
        }
        Long match = r.followerMatchEnds().get(preferred);
        return match != null && match >= r.commitEnd() ? Outcome.PLANNED : Outcome.PREFERRED_BEHIND;
    }

    private boolean passedGrace(TopicPartition id) {
        long now = clock.getAsLong();
        return now - caughtUpSince.computeIfAbsent(id, k -> now) >= graceMs;
    }

    private void start(Partition p, String reason) {
        RaftNode r = p.raft();
        int to = p.replicas().get(0);
        caughtUpSince.remove(p.id());
        LOG.info("Moving leadership of {} from broker {} to its preferred leader {} (term {}): {}", p.id(), r.id(), to, r.term(), reason);
        r.transferLeadership(to);
    }

    private static <T> CompletableFuture<T> submit(Partition p, java.util.function.Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            p.owner().execute(() -> {
                try {
                    f.complete(task.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException stopped) {
            f.complete(null); // its thread is gone: the broker is stopping
        }
        return f;
    }
}
