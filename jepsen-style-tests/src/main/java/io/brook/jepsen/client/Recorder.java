package io.brook.jepsen.client;

import io.brook.jepsen.history.HistoryWriter;
import io.brook.jepsen.history.Op;
import java.util.List;

/**
 * Where workers report their operations: stamps each with the time since the run started and appends
 * it to the run's {@link HistoryWriter}. Thread-safe (the writer is).
 */
public final class Recorder {

    private final HistoryWriter writer;
    private final long startNanos;

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

    public Op complete(Op.Type type, String f, int process, String key, String value, int partition, long offset,
                       List<Op.Read> records, String error) {
        return writer.append(new Op(0, type, f, process, now(), key, value, partition, offset, records, error));
    }
}
