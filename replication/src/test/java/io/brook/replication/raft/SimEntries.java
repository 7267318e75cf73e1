package io.brook.replication.raft;

import java.util.List;

/** Immutable batches for the simulation; messages can be duplicated freely. */
final class SimEntries implements Entries {

    /** One batch: offsets [base, last], a term and a payload id unique to the proposal. */
    record Batch(long base, long last, int term, long payload, Membership membership) {
        Batch(long base, long last, int term, long payload) {
            this(base, last, term, payload, null);
        }
    }

    final List<Batch> batches;

    SimEntries(List<Batch> batches) {
        this.batches = List.copyOf(batches);
    }

    @Override
    public int batchCount() {
        return batches.size();
    }

    @Override
    public long baseOffset(int batch) {
        return batches.get(batch).base();
    }

    @Override
    public long lastOffset(int batch) {
        return batches.get(batch).last();
    }

    @Override
    public int term(int batch) {
        return batches.get(batch).term();
    }

    @Override
    public Membership membership(int batch) {
        return batches.get(batch).membership();
    }

    @Override
    public int sizeInBytes() {
        return batches.size() * 100;
    }

    @Override
    public void release() {}
}
