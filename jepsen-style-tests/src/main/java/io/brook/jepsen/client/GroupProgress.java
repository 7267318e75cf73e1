package io.brook.jepsen.client;

import io.brook.jepsen.history.Op;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the group's members have consumed each partition (the offset after the highest record any
 * of them returned), so that the harness can let them catch up with the log before it stops them.
 * Thread-safe.
 */
public final class GroupProgress {

    private final Map<Integer, Long> next = new ConcurrentHashMap<>();

    void consumed(Iterable<Op.Read> reads) {
        for (Op.Read r : reads) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
    }

    /**
     * True when, for every partition in {@code ends}, some member returned a record at or after the one
     * before its end (ends as {@link Recorder#acknowledgedEnds()} gives them).
     */
    public boolean reached(Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> e.getValue() <= next.getOrDefault(e.getKey(), 0L));
    }
}
