package io.brook.benchmarks.group;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything the members of the measured group reported: who owns which partition now, when each
 * member was last given each partition, and a log of every delivery (time, member, partition, record
 * count, oldest send time). Members are live from {@link #join} until {@link #depart}; what a departed
 * member still reports (revocations while it closes) is kept in the log but no longer counts as
 * ownership. Thread-safe: every method synchronizes on the timeline.
 */
final class Timeline implements Recorder {

    /** Owner value of a partition no live member owns. */
    static final int NONE = -1;
    /** Owner value of a partition that several live members claim at once. */
    static final int SEVERAL = -2;

    private final int partitions;
    private final Set<Integer> live = new HashSet<>();
    private final Map<Integer, BitSet> owned = new HashMap<>();
    private final Map<Integer, long[]> assignedAt = new HashMap<>();
    private final Map<Integer, long[]> deliveredAt = new HashMap<>();
    private long lastChangeMs;

    private long[] dTime = new long[1 << 16];
    private long[] dOldest = new long[1 << 16];
    private int[] dMember = new int[1 << 16];
    private int[] dPartition = new int[1 << 16];
    private int[] dCount = new int[1 << 16];
    private int size;

    Timeline(int partitions) {
        this.partitions = partitions;
    }

    int partitions() {
        return partitions;
    }

    synchronized void join(int member, long atMs) {
        live.add(member);
        state(member);
        lastChangeMs = Math.max(lastChangeMs, atMs);
    }

    synchronized void depart(int member, long atMs) {
        live.remove(member);
        lastChangeMs = Math.max(lastChangeMs, atMs);
    }

    synchronized Set<Integer> live() {
        return new HashSet<>(live);
    }

    private BitSet state(int member) {
        assignedAt.computeIfAbsent(member, m -> new long[partitions]);
        deliveredAt.computeIfAbsent(member, m -> new long[partitions]);
        return owned.computeIfAbsent(member, m -> new BitSet(partitions));
    }

    @Override
    public synchronized void assigned(int member, long atMs, Collection<Integer> ps) {
        BitSet s = state(member);
        long[] at = assignedAt.get(member);
        for (int p : ps) {
            s.set(p);
            at[p] = atMs;
        }
        lastChangeMs = Math.max(lastChangeMs, atMs);
    }

    @Override
    public synchronized void revoked(int member, long atMs, Collection<Integer> ps, boolean lost) {
        BitSet s = state(member);
        for (int p : ps) {
            s.clear(p);
        }
        lastChangeMs = Math.max(lastChangeMs, atMs);
    }

    @Override
    public synchronized void delivered(int member, long atMs, int partition, int records, long oldestSentMs) {
        state(member);
        long[] d = deliveredAt.get(member);
        d[partition] = Math.max(d[partition], atMs);
        if (size == dTime.length) {
            int n = size * 2;
            dTime = Arrays.copyOf(dTime, n);
            dOldest = Arrays.copyOf(dOldest, n);
            dMember = Arrays.copyOf(dMember, n);
            dPartition = Arrays.copyOf(dPartition, n);
            dCount = Arrays.copyOf(dCount, n);
        }
        dTime[size] = atMs;
        dOldest[size] = oldestSentMs;
        dMember[size] = member;
        dPartition[size] = partition;
        dCount[size] = records;
        size++;
    }

    /** The live owner of each partition, {@link #NONE} or {@link #SEVERAL}. */
    synchronized int[] owners() {
        int[] o = new int[partitions];
        Arrays.fill(o, NONE);
        for (int m : live) {
            BitSet s = owned.get(m);
            for (int p = s.nextSetBit(0); p >= 0; p = s.nextSetBit(p + 1)) {
                o[p] = o[p] == NONE ? m : SEVERAL;
            }
        }
        return o;
    }

    /** When {@code member} was last given {@code partition} (0: never). */
    synchronized long assignedAt(int member, int partition) {
        long[] at = assignedAt.get(member);
        return at == null ? 0 : at[partition];
    }

    /**
     * Why the group is not settled at {@code nowMs}, or {@code null} when it is: every partition has
     * exactly one live owner, the live members' shares differ by at most one, nothing changed for
     * {@code quietMs}, and each owner has delivered records of each of its partitions since
     * {@code sinceMs} and since it was given the partition.
     */
    synchronized String unsettled(long sinceMs, long quietMs, long nowMs) {
        int[] o = owners();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int m : live) {
            int c = owned.get(m).cardinality();
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        int unowned = 0;
        int shared = 0;
        int silent = 0;
        for (int p = 0; p < partitions; p++) {
            if (o[p] == NONE) {
                unowned++;
            } else if (o[p] == SEVERAL) {
                shared++;
            } else if (deliveredAt.get(o[p])[p] < Math.max(sinceMs, assignedAt.get(o[p])[p])) {
                silent++;
            }
        }
        if (unowned > 0 || shared > 0) {
            return unowned + " partitions unowned, " + shared + " owned twice";
        }
        if (max - min > 1) {
            return "unbalanced: members own " + min + " to " + max + " partitions";
        }
        if (nowMs - lastChangeMs < quietMs) {
            return "assignment changed " + (nowMs - lastChangeMs) + " ms ago";
        }
        if (silent > 0) {
            return silent + " partitions not consumed yet by their owner";
        }
        return null;
    }

    /** Visits every delivery logged with {@code fromMs <= time < toMs}. */
    synchronized void deliveries(long fromMs, long toMs, DeliveryVisitor v) {
        for (int i = 0; i < size; i++) {
            if (dTime[i] >= fromMs && dTime[i] < toMs) {
                v.visit(dTime[i], dMember[i], dPartition[i], dCount[i], dOldest[i]);
            }
        }
    }

    interface DeliveryVisitor {
        void visit(long atMs, int member, int partition, int records, long oldestSentMs);
    }
}
