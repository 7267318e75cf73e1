package io.brook.storage.producer;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hash map from producer id (a non-negative long) to {@link Producer}, with open addressing and
 * linear probing, so that a lookup boxes nothing: {@link java.util.HashMap} would allocate a
 * {@code Long} for every produce batch. Removal shifts later entries of the probe run back (no
 * tombstones). Not thread-safe: the owner thread's.
 */
final class ProducerIdMap {

    private static final long EMPTY = -1L;

    private long[] keys;
    private Producer[] values;
    private int size;

    ProducerIdMap() {
        allocate(16);
    }

    int size() {
        return size;
    }

    /** The producer with {@code id}, or {@code null}. */
    Producer get(long id) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            long key = k[i];
            if (key == id) {
                return values[i];
            }
            if (key == EMPTY) {
                return null;
            }
        }
    }

    /** Adds a producer whose id is not in the map yet. */
    void add(Producer p) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(p);
        size++;
    }

    /** Removes the producer with {@code id}; does nothing when absent. */
    void remove(long id) {
        int mask = keys.length - 1;
        int i = slot(id, mask);
        while (keys[i] != id) {
            if (keys[i] == EMPTY) {
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = EMPTY;
        values[i] = null;
        size--;
        // move back every later entry of the run that would no longer be found past the hole
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean reachable = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!reachable) {
                keys[i] = keys[j];
                values[i] = values[j];
                keys[j] = EMPTY;
                values[j] = null;
                i = j;
            }
        }
    }

    void clear() {
        allocate(16);
        size = 0;
    }

    /** Calls {@code action} for every producer, in no particular order; the map must not change meanwhile. */
    void forEach(Consumer<Producer> action) {
        for (Producer p : values) {
            if (p != null) {
                action.accept(p);
            }
        }
    }

    /** Every producer, in no particular order (a new array). */
    Producer[] toArray() {
        Producer[] out = new Producer[size];
        int n = 0;
        for (Producer p : values) {
            if (p != null) {
                out[n++] = p;
            }
        }
        return out;
    }

    private void grow() {
        Producer[] old = values;
        allocate(keys.length * 2);
        for (Producer p : old) {
            if (p != null) {
                insert(p);
            }
        }
    }

    private void insert(Producer p) {
        int mask = keys.length - 1;
        int i = slot(p.id(), mask);
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = p.id();
        values[i] = p;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new Producer[capacity];
    }

    /** Producer ids are often consecutive: mix the bits so that they spread over the table. */
    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
