package io.brook.replication.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An in-memory Raft log with the durability model of the segment log: appends are volatile until a
 * flush completes (the simulation decides when), truncations and resets are durable at once, and a
 * crash ({@link #crash()}) loses the volatile tail; {@link #damage} also loses durable batches, as a
 * disk that cuts or garbles a file's tail does.
 *
 * <p>It also keeps what the broker keeps beside the log: the acknowledged-end mark (raised to the
 * flushed end when a flush completes, before the node hears of it; lowered when a truncation or
 * reset removes what it covered; only raised while the node is recovering) and the recovering flag.
 */
final class SimLog implements RaftLog {

    private final List<SimEntries.Batch> batches = new ArrayList<>();
    private final Consumer<SimLog> flushRequests;
    private long start;
    private int termBeforeStart = NO_TERM;
    /** Number of batches on "disk". */
    private int durableBatches;
    private long nextPayload;
    private final int nodeId;
    private long ackMark;
    private boolean recovering;

    SimLog(int nodeId, Consumer<SimLog> flushRequests) {
        this.nodeId = nodeId;
        this.flushRequests = flushRequests;
    }

    List<SimEntries.Batch> batches() {
        return batches;
    }

    /** A flush completed: everything up to {@code end} (captured when it was asked for) is durable. */
    void flushed(long end) {
        int n = 0;
        while (n < batches.size() && batches.get(n).last() < end) {
            n++;
        }
        durableBatches = Math.max(durableBatches, Math.min(n, batches.size()));
        ackMark = recovering ? Math.max(ackMark, flushedOffset()) : flushedOffset();
    }

    /** Loses the last {@code count} durable batches (after a crash, every batch left is durable); returns how many went. */
    int damage(int count) {
        int n = Math.min(count, durableBatches);
        for (int i = 0; i < n; i++) {
            batches.remove(batches.size() - 1);
        }
        durableBatches = batches.size();
        return n;
    }

    long ackMark() {
        return ackMark;
    }

    boolean recovering() {
        return recovering;
    }

    /** The driver's side of {@link HardStateStore#recovered}. */
    void recovered(long acknowledgedEnd) {
        recovering = false;
        ackMark = acknowledgedEnd;
    }

    /** The driver opened the log and found it ends below the acknowledged mark. */
    void startRecovering() {
        recovering = true;
    }

    void crash() {
        while (batches.size() > durableBatches) {
            batches.remove(batches.size() - 1);
        }
    }

    /** Leader append of a client batch of {@code records} records; returns it. */
    SimEntries.Batch appendClient(int term, int records, long payload) {
        long base = endOffset();
        SimEntries.Batch b = new SimEntries.Batch(base, base + records - 1, term, payload);
        batches.add(b);
        return b;
    }

    @Override
    public long startOffset() {
        return start;
    }

    @Override
    public long endOffset() {
        return batches.isEmpty() ? start : batches.get(batches.size() - 1).last() + 1;
    }

    @Override
    public long flushedOffset() {
        return durableBatches == 0 ? start : batches.get(durableBatches - 1).last() + 1;
    }

    @Override
    public int lastTerm() {
        return batches.isEmpty() ? termBeforeStart : batches.get(batches.size() - 1).term();
    }

    @Override
    public int termAt(long offset) {
        if (offset == start - 1) {
            return termBeforeStart;
        }
        SimEntries.Batch b = find(offset);
        return b == null ? NO_TERM : b.term();
    }

    SimEntries.Batch find(long offset) {
        for (SimEntries.Batch b : batches) {
            if (b.base() <= offset && offset <= b.last()) {
                return b;
            }
        }
        return null;
    }

    @Override
    public long[] endOffsetForTerm(int term) {
        int bestTerm = NO_TERM;
        long end = -1;
        for (SimEntries.Batch b : batches) {
            if (b.term() <= term) {
                bestTerm = b.term();
                end = b.last() + 1;
            }
        }
        return bestTerm == NO_TERM ? null : new long[] {bestTerm, end};
    }

    @Override
    public Entries read(long from, int maxBytes) {
        List<SimEntries.Batch> out = new ArrayList<>();
        int bytes = 0;
        for (SimEntries.Batch b : batches) {
            if (b.last() < from) {
                continue;
            }
            if (!out.isEmpty() && bytes + 100 > maxBytes) {
                break;
            }
            out.add(b);
            bytes += 100;
        }
        return new SimEntries(out);
    }

    @Override
    public void appendFollower(Entries entries, int fromBatch) {
        SimEntries e = (SimEntries) entries;
        for (int i = fromBatch; i < e.batchCount(); i++) {
            SimEntries.Batch b = e.batches.get(i);
            if (b.base() != endOffset()) {
                throw new AssertionError("node " + nodeId + ": follower append at " + b.base() + " but log ends at " + endOffset());
            }
            if (b.term() < lastTerm()) {
                throw new AssertionError("node " + nodeId + ": term regression " + b.term() + " < " + lastTerm());
            }
            batches.add(b);
        }
    }

    @Override
    public long truncateTo(long offset) {
        while (!batches.isEmpty() && batches.get(batches.size() - 1).last() >= offset) {
            batches.remove(batches.size() - 1);
        }
        durableBatches = Math.min(durableBatches, batches.size());
        ackMark = Math.min(ackMark, endOffset());
        return endOffset();
    }

    @Override
    public void resetTo(long newStart, int termBefore) {
        batches.clear();
        durableBatches = 0;
        start = newStart;
        termBeforeStart = termBefore;
        ackMark = Math.min(ackMark, newStart);
    }

    @Override
    public void appendLeaderMarker(int term) {
        appendClient(term, 1, -1 - (nextPayload++) * 1000 - nodeId);
    }

    @Override
    public void appendMembership(int term, Membership membership) {
        long base = endOffset();
        batches.add(new SimEntries.Batch(base, base, term, -1 - (nextPayload++) * 1000 - nodeId, membership));
    }

    @Override
    public void requestFlush() {
        flushRequests.accept(this);
    }

    /** Retention: drops committed, flushed batches below {@code offset} (at a batch boundary). */
    void retainFrom(long offset) {
        int n = 0;
        while (n < batches.size() && batches.get(n).last() < offset && n < durableBatches) {
            n++;
        }
        if (n == 0) {
            return;
        }
        long newStart = batches.get(n - 1).last() + 1;
        termBeforeStart = batches.get(n - 1).term();
        for (int i = 0; i < n; i++) {
            batches.remove(0);
        }
        durableBatches -= n;
        start = newStart;
    }
}
