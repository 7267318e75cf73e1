package io.brook.jepsen.client;

import io.brook.jepsen.history.HistoryWriter;
import io.brook.jepsen.history.Op;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where workers report their operations: stamps each with the time since the run started and appends
 * it to the run's {@link HistoryWriter}. Also notes the offset after the highest acknowledged send of
 * each partition, which consumers must reach before the run stops them. Thread-safe (the writer is).
 */
public final class Recorder {

    private final HistoryWriter writer;
    private final long startNanos;
    private final Map<Integer, Long> acknowledgedEnds = new ConcurrentHashMap<>();

    public Recorder(HistoryWriter writer, long startNanos) {
        this.writer = writer;
        this.startNanos = startNanos;
    }

    /** Nanoseconds since the run started, the history's clock. */
    public long now() {
        return System.nanoTime() - startNanos;
    }

    public Op invoke(String f, int process, String key, String value, int partition, long offset) {
        return writer.append(new Op(0, Op.Type.INVOKE, f, process, now(), key, value, partition, offset, List.of(), null));
    }

    /** A send's invocation, naming the producer that sends it and the call's sequence number among its sends. */
    public Op invokeSend(int process, String key, String value, int producer, long seq) {
        return writer.append(new Op(0, Op.Type.INVOKE, Op.SEND, process, now(), key, value, -1, -1, List.of(), null,
                producer, seq));
    }

    /** A group op's invocation ({@link Op#GROUP_POLL}, {@link Op#COMMIT}): the group and the offsets, if any. */
    public Op invokeGroup(String f, int process, String group, List<Op.Offset> offsets) {
        return writer.append(new Op(0, Op.Type.INVOKE, f, process, now(), group, null, -1, -1, List.of(), null, -1, -1,
                offsets, null));
    }

    /** A group op's completion: records (a poll), offsets (a commit), assignment (an ok poll; else null). */
    public Op completeGroup(Op.Type type, String f, int process, String group, List<Op.Read> records,
                            List<Op.Offset> offsets, List<Integer> assignment, String error) {
        return writer.append(new Op(0, type, f, process, now(), group, null, -1, -1, records, error, -1, -1, offsets,
                assignment));
    }

    /** Partition → the offset after its highest acknowledged send so far. */
    public Map<Integer, Long> acknowledgedEnds() {
        return Map.copyOf(acknowledgedEnds);
    }

    public Op complete(Op.Type type, String f, int process, String key, String value, int partition, long offset,
                       List<Op.Read> records, String error) {
        if (type == Op.Type.OK && Op.SEND.equals(f) && partition >= 0 && offset >= 0) {
            acknowledgedEnds.merge(partition, offset + 1, Math::max);
        }
        return writer.append(new Op(0, type, f, process, now(), key, value, partition, offset, records, error));
    }
}
