package io.brook.benchmarks.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The benchmark's record values (the send time in milliseconds, 8 bytes big-endian, then padding), and small helpers the system adapters share. */
final class Payload {

    private Payload() {}

    static byte[] stamped(long sentMs, int size) {
        byte[] value = new byte[Math.max(8, size)];
        ByteBuffer.wrap(value).putLong(sentMs);
        return value;
    }

    /** The send time written by {@link #stamped}, or {@link Long#MAX_VALUE} for a value it did not write. */
    static long sentAt(byte[] value) {
        return value != null && value.length >= 8 ? ByteBuffer.wrap(value, 0, 8).getLong() : Long.MAX_VALUE;
    }

    /** The oldest send time among records whose values {@code value} extracts. */
    static <R> long oldestSent(Iterable<R> records, Function<R, byte[]> value) {
        long oldest = Long.MAX_VALUE;
        for (R r : records) {
            oldest = Math.min(oldest, sentAt(value.apply(r)));
        }
        return oldest;
    }

    /** Partition numbers of a system's topic-partition objects. */
    static <P> List<Integer> numbers(Collection<P> partitions, ToIntFunction<P> number) {
        List<Integer> out = new ArrayList<>(partitions.size());
        for (P p : partitions) {
            out.add(number.applyAsInt(p));
        }
        return out;
    }
}
