package io.brook.jepsen.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code split-brain}, over the replicas' final logs rather than the history: below each partition's
 * commit end, every replica holds the same records (offset and value), though each over its own range.
 * A replica may hold less (it is behind, or its log starts later), never something different. Anomalies,
 * each counted once:
 * <ul>
 * <li>two replicas hold different values at one committed offset (once per offset);</li>
 * <li>a replica lacks a committed record that another holds, at an offset inside the range from its
 * own first to its own last committed record (once per replica and offset): a hole in the middle of a
 * log is a different history, not a shorter one;</li>
 * <li>a replica's log is out of order: an offset repeated (two values at one offset) or lower than the
 * one before it, anywhere in the log, committed or not (once per step).</li>
 * </ul>
 * Offsets where no replica has a record (control batches) are not records and are never compared, nor
 * is a record only one replica holds (nothing to compare it with). Records at or above the commit end
 * may differ (an uncommitted tail not yet truncated). A partition without a reported commit end is
 * compared over whole logs. Partitions and brokers are visited in ascending order, so the examples are
 * stable. Not a {@link Checker}: its input is {@link ReplicaLogs}, not a history.
 */
public final class SplitBrainChecker {

    public static final String NAME = "split-brain";

    public String name() {
        return NAME;
    }

    public CheckResult check(ReplicaLogs replicaLogs) {
        Anomalies anomalies = new Anomalies(NAME);
        for (Map.Entry<Integer, Map<Integer, List<ReplicaLogs.Entry>>> partition
                : new TreeMap<>(replicaLogs.logs()).entrySet()) {
            long commitEnd = replicaLogs.commitEnd().getOrDefault(partition.getKey(), Long.MAX_VALUE);
            checkPartition(partition.getKey(), new TreeMap<>(partition.getValue()), commitEnd, anomalies);
        }
        return anomalies.result();
    }

    private static void checkPartition(int partition, Map<Integer, List<ReplicaLogs.Entry>> replicas, long commitEnd,
                                       Anomalies anomalies) {
        Map<Integer, List<ReplicaLogs.Entry>> committed = new TreeMap<>();
        for (Map.Entry<Integer, List<ReplicaLogs.Entry>> replica : replicas.entrySet()) {
            committed.put(replica.getKey(), inOrderBelow(partition, replica.getKey(), replica.getValue(), commitEnd,
                    anomalies));
        }
        Map<Long, ReplicaLogs.Entry> reference = new HashMap<>();
        Map<Long, Integer> holder = new HashMap<>();
        Set<Long> disagreed = new HashSet<>();
        for (Map.Entry<Integer, List<ReplicaLogs.Entry>> replica : committed.entrySet()) {
            for (ReplicaLogs.Entry e : replica.getValue()) {
                ReplicaLogs.Entry first = reference.putIfAbsent(e.offset(), e);
                if (first == null) {
                    holder.put(e.offset(), replica.getKey());
                } else if (!Objects.equals(first.value(), e.value()) && disagreed.add(e.offset())) {
                    anomalies.add(new Position(partition, e.offset()) + ": broker " + holder.get(e.offset()) + " holds "
                            + first.value() + ", broker " + replica.getKey() + " holds " + e.value());
                }
            }
        }
        long[] offsets = reference.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (Map.Entry<Integer, List<ReplicaLogs.Entry>> replica : committed.entrySet()) {
            reportHoles(partition, replica.getKey(), replica.getValue(), offsets, reference, holder, anomalies);
        }
    }

    /** The replica's records below the commit end that keep offsets increasing; reports the others. */
    private static List<ReplicaLogs.Entry> inOrderBelow(int partition, int broker, List<ReplicaLogs.Entry> log,
                                                        long commitEnd, Anomalies anomalies) {
        List<ReplicaLogs.Entry> kept = new ArrayList<>();
        ReplicaLogs.Entry previous = null;
        for (ReplicaLogs.Entry e : log) {
            if (previous != null && e.offset() <= previous.offset()) {
                anomalies.add("broker " + broker + " holds " + new Position(partition, e.offset()) + " (" + e.value()
                        + ") after " + new Position(partition, previous.offset()) + " (" + previous.value() + ")"
                        + (e.offset() == previous.offset() ? ": two values at one offset" : ": offsets go back"));
                continue;
            }
            previous = e;
            if (e.offset() < commitEnd) {
                kept.add(e);
            }
        }
        return kept;
    }

    /** Reports offsets another replica holds between this replica's first and last committed records. */
    private static void reportHoles(int partition, int broker, List<ReplicaLogs.Entry> held, long[] offsets,
                                    Map<Long, ReplicaLogs.Entry> reference, Map<Long, Integer> holder,
                                    Anomalies anomalies) {
        if (held.isEmpty()) {
            return;
        }
        long first = held.get(0).offset();
        long last = held.get(held.size() - 1).offset();
        int h = 0;
        for (int i = Arrays.binarySearch(offsets, first); i < offsets.length && offsets[i] <= last; i++) {
            while (held.get(h).offset() < offsets[i]) {
                h++;
            }
            if (held.get(h).offset() != offsets[i]) {
                anomalies.add("broker " + broker + " lacks " + new Position(partition, offsets[i]) + " ("
                        + reference.get(offsets[i]).value() + ", held by broker " + holder.get(offsets[i])
                        + ") between its " + new Position(partition, first) + " and " + new Position(partition, last));
            }
        }
    }
}
