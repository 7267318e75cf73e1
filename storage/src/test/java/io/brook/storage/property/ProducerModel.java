package io.brook.storage.property;

import io.brook.storage.ProducerEntry;
import io.brook.storage.SequenceCheck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference for the producer state: every idempotent batch appended since the last reset and not
 * truncated (batches retention deleted stay: retention does not remove producers), and the state a
 * from-scratch replay of them gives, computed here without the code under test.
 */
final class ProducerModel {

    /** One batch with a producer id, where the log put it. */
    record Batch(long producerId, short epoch, int firstSeq, int records, long baseOffset, long maxTimestamp, boolean control) {
        long lastOffset() {
            return baseOffset + records - 1;
        }

        int lastSeq() {
            return (int) (((long) firstSeq + records - 1) % (1L << 31));
        }
    }

    private final List<Batch> batches = new ArrayList<>();
    long logStart;

    void add(Batch b) {
        batches.add(b);
    }

    /** Mirrors {@code truncateTo}: below or at the log start, a reset. */
    void truncateTo(long offset) {
        if (offset <= logStart) {
            reset(offset);
            return;
        }
        batches.removeIf(b -> b.lastOffset() >= offset);
    }

    /** A truncation that removes whole batches from {@code end} on (crash recovery). */
    void cutAt(long end) {
        batches.removeIf(b -> b.lastOffset() >= end);
    }

    void reset(long start) {
        batches.clear();
        logStart = start;
    }

    /** The state after replaying every batch, by producer id. */
    List<ProducerEntry> replay() {
        Map<Long, State> states = states();
        List<ProducerEntry> out = new ArrayList<>();
        for (State s : states.values()) {
            out.add(new ProducerEntry(s.id, s.epoch, s.lastTimestamp, new ArrayList<>(s.batches)));
        }
        return out;
    }

    /** What the leader must answer for a batch, by the rules in words (see ProducerState). */
    SequenceCheck check(long producerId, short epoch, int firstSeq, int lastSeq) {
        State s = producerId < 0 ? null : states().get(producerId);
        if (s == null) {
            return SequenceCheck.APPEND;
        }
        if (epoch == s.epoch) {
            for (ProducerEntry.BatchMetadata m : s.batches) {
                if (m.firstSeq() == firstSeq && m.lastSeq() == lastSeq) {
                    return SequenceCheck.duplicate(m.firstOffset(), m.lastOffset());
                }
            }
        }
        if (epoch < s.epoch) {
            return SequenceCheck.fenced("");
        }
        if (epoch > s.epoch) {
            return firstSeq == 0 ? SequenceCheck.APPEND : SequenceCheck.outOfOrder("");
        }
        return firstSeq == nextSeq(s) ? SequenceCheck.APPEND : SequenceCheck.outOfOrder("");
    }

    /** The sequence the producer's next batch must start at, or 0 when it has no state. */
    int nextSeq(long producerId) {
        State s = states().get(producerId);
        return s == null ? 0 : nextSeq(s);
    }

    /** The producer's epoch, or -1 when it has no state. */
    short epoch(long producerId) {
        State s = states().get(producerId);
        return s == null ? -1 : s.epoch;
    }

    /** The producer's cached batches, oldest first, plus older ones of the same epoch that fell out. */
    List<Batch> history(long producerId) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : batches) {
            if (b.producerId() == producerId && !b.control()) {
                out.add(b);
            }
        }
        return out;
    }

    private static int nextSeq(State s) {
        if (s.batches.isEmpty()) {
            return 0;
        }
        int last = s.batches.peekLast().lastSeq();
        return last == Integer.MAX_VALUE ? 0 : last + 1;
    }

    private Map<Long, State> states() {
        Map<Long, State> states = new TreeMap<>();
        for (Batch b : batches) {
            State s = states.computeIfAbsent(b.producerId(), id -> new State(id, b.epoch()));
            if (s.epoch != b.epoch()) {
                s.epoch = b.epoch();
                s.batches.clear();
            }
            if (!b.control()) {
                s.batches.addLast(new ProducerEntry.BatchMetadata(b.firstSeq(), b.lastSeq(), b.baseOffset(), b.lastOffset()));
                if (s.batches.size() > ProducerEntry.CACHED_BATCHES) {
                    s.batches.removeFirst();
                }
            }
            s.lastTimestamp = b.maxTimestamp();
        }
        return states;
    }

    private static final class State {
        final long id;
        short epoch;
        long lastTimestamp;
        final Deque<ProducerEntry.BatchMetadata> batches = new ArrayDeque<>();

        State(long id, short epoch) {
            this.id = id;
            this.epoch = epoch;
        }
    }
}
