package io.brook.jepsen.report;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per partition, the longest stall: the longest time in which no send to the partition was
 * acknowledged, from {@code fromNanos} (the first fault, so that the cluster's start-up does not
 * count) to the last acknowledgement of the run (the end of the load, after which nothing is
 * acknowledged anywhere). A stall that began before {@code fromNanos} counts from there; one still
 * open at the end of the load counts to it. Acknowledgement times are those of the ok completions.
 * One pass over the history; immutable.
 *
 * @param fromNanos where the measurement starts, on the history's clock
 * @param partitions per partition, in partition order, its longest stall
 */
public record AckStalls(long fromNanos, List<Stall> partitions) {

    /**
     * @param partition the partition
     * @param longestNanos the longest interval without an acknowledged send to it
     * @param atNanos when that interval began
     * @param acknowledged ok sends to it from {@code fromNanos} on
     */
    public record Stall(int partition, long longestNanos, long atNanos, long acknowledged) {}

    public AckStalls {
        partitions = List.copyOf(partitions);
    }

    /** The stalls of every partition that had an acknowledged send at or after {@code fromNanos}. */
    public static AckStalls of(List<Op> history, long fromNanos) {
        Map<Integer, long[]> byPartition = new TreeMap<>(); // last ack, longest, at, count
        long end = fromNanos;
        for (Op op : history) {
            if (!op.isOk() || !Op.SEND.equals(op.f()) || op.partition() < 0 || op.timeNanos() < fromNanos) {
                continue;
            }
            long t = op.timeNanos();
            long[] s = byPartition.computeIfAbsent(op.partition(), p -> new long[] {fromNanos, -1, fromNanos, 0});
            if (t - s[0] > s[1]) {
                s[1] = t - s[0];
                s[2] = s[0];
            }
            s[0] = t;
            s[3]++;
            end = Math.max(end, t);
        }
        List<Stall> out = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : byPartition.entrySet()) {
            long[] s = e.getValue();
            if (end - s[0] > s[1]) { // nothing acknowledged since s[0] while other partitions went on
                s[1] = end - s[0];
                s[2] = s[0];
            }
            out.add(new Stall(e.getKey(), s[1], s[2], s[3]));
        }
        return new AckStalls(fromNanos, out);
    }

    /** Where a run's stalls are measured from: its first fault window's start, or 0 without faults. */
    public static long from(List<FaultWindow> faults) {
        return faults.stream().mapToLong(FaultWindow::startNanos).min().orElse(0);
    }

    /** The longest stall over all partitions, or 0 when no partition had an acknowledged send. */
    public long longestNanos() {
        return partitions.stream().mapToLong(Stall::longestNanos).max().orElse(0);
    }

    /** As summary.json carries them: from-ms, then per partition longest-ms, at-ms and acknowledged. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("from-ms", fromNanos / 1_000_000);
        List<Object> list = new ArrayList<>();
        for (Stall s : partitions) {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("partition", s.partition());
            p.put("longest-ms", Summary.millis(s.longestNanos()));
            p.put("at-ms", s.atNanos() / 1_000_000);
            p.put("acknowledged", s.acknowledged());
            list.add(p);
        }
        json.put("partitions", list);
        return json;
    }
}
