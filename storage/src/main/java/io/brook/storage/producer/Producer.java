package io.brook.storage.producer;

import io.brook.protocol.record.RecordBatch;
import io.brook.storage.ProducerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable state of one producer id: epoch, last timestamp, and a ring of its newest
 * {@value ProducerEntry#CACHED_BATCHES} batches of the current epoch. Updating it allocates nothing.
 * Owned by the partition's owner thread.
 */
final class Producer {

    private static final int CAPACITY = ProducerEntry.CACHED_BATCHES;

    private final long id;
    private short epoch;
    private long lastTimestamp;
    private final int[] firstSeq = new int[CAPACITY];
    private final int[] lastSeq = new int[CAPACITY];
    private final long[] firstOffset = new long[CAPACITY];
    private final long[] lastOffset = new long[CAPACITY];
    /** Batches held, 0 to CAPACITY. */
    private int count;
    /** Slot the next batch goes to; the newest is the one before it. */
    private int next;

    Producer(long id, short epoch) {
        this.id = id;
        this.epoch = epoch;
    }

    long id() {
        return id;
    }

    short epoch() {
        return epoch;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    int batchCount() {
        return count;
    }

    /** The last sequence of the newest batch, or {@link RecordBatch#NO_SEQUENCE} when none is cached. */
    int newestLastSeq() {
        return count == 0 ? RecordBatch.NO_SEQUENCE : lastSeq[(next + CAPACITY - 1) % CAPACITY];
    }

    /** @return the ring slot of a cached batch with exactly this sequence range, or -1 */
    int findBatch(int first, int last) {
        for (int k = 0, i = next; k < count; k++) {
            i = i == 0 ? CAPACITY - 1 : i - 1;
            if (firstSeq[i] == first && lastSeq[i] == last) {
                return i;
            }
        }
        return -1;
    }

    long firstOffsetAt(int slot) {
        return firstOffset[slot];
    }

    long lastOffsetAt(int slot) {
        return lastOffset[slot];
    }

    /** Takes {@code e} as the current epoch; a different epoch forgets the cached batches. */
    void setEpoch(short e) {
        if (e != epoch) {
            epoch = e;
            count = 0;
            next = 0;
        }
    }

    void setLastTimestamp(long ts) {
        lastTimestamp = ts;
    }

    /** Caches a batch as the newest, dropping the oldest when five are held. */
    void addBatch(int first, int last, long firstOff, long lastOff) {
        firstSeq[next] = first;
        lastSeq[next] = last;
        firstOffset[next] = firstOff;
        lastOffset[next] = lastOff;
        next = (next + 1) % CAPACITY;
        if (count < CAPACITY) {
            count++;
        }
    }

    /** The cached batches, oldest first. */
    List<ProducerEntry.BatchMetadata> batches() {
        List<ProducerEntry.BatchMetadata> out = new ArrayList<>(count);
        for (int k = count; k > 0; k--) {
            int i = (next + CAPACITY - k) % CAPACITY;
            out.add(new ProducerEntry.BatchMetadata(firstSeq[i], lastSeq[i], firstOffset[i], lastOffset[i]));
        }
        return out;
    }

    ProducerEntry toEntry() {
        return new ProducerEntry(id, epoch, lastTimestamp, batches());
    }
}
