package io.brook.replication.control.moves;

import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.Reassignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Plans replica moves from a metadata image: pure functions, deterministic (topics by name, partitions by
 * number, brokers by id on ties), returning reassignments without throttle (see
 * {@link Reassignment#withThrottle}) for {@code ClusterMetadata#reassignPartitions}.
 *
 * <p>A partition's replicas here are its eventual ones: the target of a move in progress, else its replicas.
 * A broker is live when it is registered and heartbeated within {@code liveTimeoutMs} of the image's time;
 * only live brokers are given replicas. Balance is counted in replicas and preferred leaderships, not bytes:
 * the controller does not know how large partitions are, so a plan that evens out counts may still leave one
 * broker with much more data than another.
 *
 * <p>Thread-safe (immutable).
 */
public final class ReplicaMovePlanner {

    private final long liveTimeoutMs;

    public ReplicaMovePlanner(long liveTimeoutMs) {
        this.liveTimeoutMs = liveTimeoutMs;
    }

    /**
     * Moves every replica off {@code brokerId}: in each partition whose eventual replicas hold it, the live
     * broker that is not in the partition yet and, first, is in a rack none of the partition's other replicas
     * uses, then holds the fewest replicas (counting the plan so far), then has the lowest id, takes its
     * place in the order (so it becomes preferred leader where {@code brokerId} was).
     *
     * @throws ReplicaPlanException when {@code brokerId} is not registered, or no live broker can take one of
     *     its replicas (the message names the partition)
     */
    public List<Reassignment> decommission(MetadataImage image, int brokerId) {
        Placement pl = new Placement(image, liveTimeoutMs);
        if (!pl.registered(brokerId)) {
            throw new ReplicaPlanException("Broker " + brokerId + " is not registered.");
        }
        for (Placement.Slot s : pl.slots()) {
            int at = s.replicas.indexOf(brokerId);
            if (at < 0) {
                continue;
            }
            int best = -1;
            for (int b : pl.live()) {
                if (b != brokerId && !s.replicas.contains(b) && (best < 0 || betterReplacement(pl, s, at, b, best))) {
                    best = b;
                }
            }
            if (best < 0) {
                throw new ReplicaPlanException("No live broker can take the replica of " + s.name() + " from broker " + brokerId
                        + ": its replicas are " + s.replicas + " and the live brokers " + pl.live() + ".");
            }
            pl.replace(s, at, best);
        }
        return pl.changes();
    }

    private static boolean betterReplacement(Placement pl, Placement.Slot s, int at, int b, int best) {
        boolean newRack = pl.newRack(s, at, b);
        if (newRack != pl.newRack(s, at, best)) {
            return newRack;
        }
        return pl.replicas(b) < pl.replicas(best); // ids ascend: the lower id wins ties
    }

    /**
     * The moves that make the replica counts of the live brokers differ by at most one, then their preferred
     * leader counts, where that is possible. Greedy: while some live broker holds at least two replicas more
     * than another, one replica moves from the broker with the most to the one with the fewest that can take
     * it (it is not in the partition and the partition spans no fewer racks after the move), taking the
     * leaving replica's place in the order; partitions with a move in progress are left alone. Then, while
     * some broker is preferred leader of at least two partitions more than another, the two swap places in a
     * partition they share (a reorder: nothing is copied). Each step lowers the sum of squared counts, so
     * the plan ends; it may stop short of balance when racks or shared partitions prevent any further step.
     */
    public List<Reassignment> rebalance(MetadataImage image) {
        Placement pl = new Placement(image, liveTimeoutMs);
        while (step(pl, pl::replicas, (s, from, to) -> moveReplica(pl, s, from, to))) {
            // one replica moved
        }
        while (step(pl, pl::leaders, (s, from, to) -> moveLeadership(pl, s, from, to))) {
            // one preferred leadership moved
        }
        return pl.changes();
    }

    /** One way to move one unit of load from broker {@code from} to {@code to} in a slot; false when it cannot. */
    private interface Move {
        boolean apply(Placement.Slot s, int from, int to);
    }

    /** Makes the first possible move between the most and the least loaded pair; false when none is possible. */
    private static boolean step(Placement pl, IntUnaryOperator load, Move move) {
        List<Integer> byLoad = new ArrayList<>(pl.live());
        byLoad.sort(Comparator.comparingInt(load::applyAsInt).thenComparingInt(b -> b));
        for (int i = byLoad.size() - 1; i >= 0; i--) {
            int from = byLoad.get(i);
            for (int to : byLoad) {
                if (load.applyAsInt(from) - load.applyAsInt(to) < 2) {
                    break;
                }
                for (Placement.Slot s : pl.slots()) {
                    if (!s.moving && move.apply(s, from, to)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean moveReplica(Placement pl, Placement.Slot s, int from, int to) {
        int at = s.replicas.indexOf(from);
        if (at < 0 || s.replicas.contains(to)) {
            return false;
        }
        List<Integer> after = new ArrayList<>(s.replicas);
        after.set(at, to);
        if (pl.rackSpread(after) < pl.rackSpread(s.replicas)) {
            return false;
        }
        pl.replace(s, at, to);
        return true;
    }

    private static boolean moveLeadership(Placement pl, Placement.Slot s, int from, int to) {
        int at = s.replicas.indexOf(to);
        if (s.replicas.isEmpty() || s.replicas.get(0) != from || at < 0) {
            return false;
        }
        pl.swap(s, 0, at);
        return true;
    }
}
