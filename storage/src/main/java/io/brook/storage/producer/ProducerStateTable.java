package io.brook.storage.producer;

import io.brook.protocol.record.RecordBatch;
import io.brook.storage.ProducerEntry;
import io.brook.storage.ProducerState;
import io.brook.storage.SequenceCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The in-memory {@link ProducerState} of one partition: per producer id, its epoch, newest five
 * batches and last timestamp (see the interface for the rules). The log calls {@link #apply} for
 * every batch it appends that carries a producer id, leader and follower appends alike, so the table
 * is the state after every batch in the log; {@link #check} never changes it.
 *
 * <p>Cost: {@link #check} is one open-addressing lookup and at most five comparisons, with no
 * allocation unless the answer is a duplicate or an error; {@link #apply} allocates only for a
 * producer id the table has not seen.
 *
 * <p>Thread safety: none; owned by the partition's owner thread.
 */
public final class ProducerStateTable implements ProducerState {

    private final ProducerIdMap producers = new ProducerIdMap();

    @Override
    public SequenceCheck check(long producerId, short epoch, int firstSeq, int lastSeq) {
        if (producerId < 0) {
            return SequenceCheck.APPEND;
        }
        Producer p = producers.get(producerId);
        if (p == null) {
            return SequenceCheck.APPEND;
        }
        if (epoch == p.epoch()) {
            int slot = p.findBatch(firstSeq, lastSeq);
            if (slot >= 0) {
                return SequenceCheck.duplicate(p.firstOffsetAt(slot), p.lastOffsetAt(slot));
            }
            int last = p.newestLastSeq();
            return inSequence(last, firstSeq) ? SequenceCheck.APPEND
                    : SequenceCheck.outOfOrder("producer " + producerId + " epoch " + epoch + ": expected sequence "
                            + next(last) + " but the batch has " + firstSeq + ".." + lastSeq);
        }
        if (epoch < p.epoch()) {
            return SequenceCheck.fenced("producer " + producerId + " has epoch " + epoch
                    + ", older than its current epoch " + p.epoch() + " (another instance took over)");
        }
        return firstSeq == 0 ? SequenceCheck.APPEND
                : SequenceCheck.outOfOrder("producer " + producerId + " starts epoch " + epoch + " at sequence "
                        + firstSeq + " instead of 0");
    }

    /** {@code nextSeq} follows {@code lastSeq}, wrapping after {@link Integer#MAX_VALUE} to 0. */
    static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }

    private static int next(int lastSeq) {
        return lastSeq == Integer.MAX_VALUE ? 0 : lastSeq + 1;
    }

    /**
     * Records a batch now in the log. Batches without a producer id are ignored; a control batch
     * moves the producer's epoch and timestamp but caches no sequence range.
     */
    public void apply(RecordBatch batch) {
        long id = batch.producerId();
        if (id < 0) {
            return;
        }
        if (batch.isControl()) {
            updateEpoch(id, batch.producerEpoch(), batch.maxTimestamp());
        } else {
            int first = batch.baseSequence();
            update(id, batch.producerEpoch(), first, ProducerState.lastSequence(first, batch.recordCount()),
                    batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
        }
    }

    /**
     * Records a data batch of producer {@code producerId} (not negative) at
     * {@code firstOffset..lastOffset}: it becomes the newest cached batch, its epoch the producer's
     * epoch (a change forgets the batches of the old one), its timestamp the producer's last one.
     */
    public void update(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
            long maxTimestamp) {
        Producer p = producer(producerId, epoch);
        p.addBatch(firstSeq, lastSeq, firstOffset, lastOffset);
        p.setLastTimestamp(maxTimestamp);
    }

    /** Records a control batch of the producer: its epoch and timestamp, no sequence. */
    public void updateEpoch(long producerId, short epoch, long maxTimestamp) {
        producer(producerId, epoch).setLastTimestamp(maxTimestamp);
    }

    private Producer producer(long producerId, short epoch) {
        if (producerId < 0) {
            throw new IllegalArgumentException("producer ids are not negative: " + producerId);
        }
        Producer p = producers.get(producerId);
        if (p == null) {
            p = new Producer(producerId, epoch);
            producers.add(p);
        } else {
            p.setEpoch(epoch);
        }
        return p;
    }

    @Override
    public int expire(long nowMs, long expirationMs) {
        Producer[] all = producers.toArray();
        int removed = 0;
        for (Producer p : all) {
            if (nowMs - p.lastTimestamp() >= expirationMs) {
                producers.remove(p.id());
                removed++;
            }
        }
        return removed;
    }

    /** Forgets every producer (the log was reset, or a rebuild starts). */
    public void clear() {
        producers.clear();
    }

    @Override
    public int size() {
        return producers.size();
    }

    @Override
    public Optional<ProducerEntry> entry(long producerId) {
        Producer p = producerId < 0 ? null : producers.get(producerId);
        return p == null ? Optional.empty() : Optional.of(p.toEntry());
    }

    @Override
    public List<ProducerEntry> entries() {
        Producer[] sorted = sortedProducers();
        List<ProducerEntry> out = new ArrayList<>(sorted.length);
        for (Producer p : sorted) {
            out.add(p.toEntry());
        }
        return out;
    }

    /** The producers by id (a new array; snapshots write them in this order). */
    Producer[] sortedProducers() {
        Producer[] all = producers.toArray();
        Arrays.sort(all, Comparator.comparingLong(Producer::id));
        return all;
    }

    /** Adds a producer read from a snapshot; its id must not be in the table. */
    void restore(Producer p) {
        producers.add(p);
    }

    @Override
    public String toString() {
        return "ProducerStateTable(" + producers.size() + " producers)";
    }
}
