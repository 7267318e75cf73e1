package io.brook.jepsen.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * Appends ops to a history file in {@link HistoryFormat}, assigning each its {@link Op#index() index}
 * in append order (the index the caller set is ignored), so that file order, index order and the
 * order in which workers reported their events agree.
 *
 * <p>Durability: lines are buffered and flushed when an append finds the last flush older than the
 * flush interval (200 ms by default), on {@link #flush()} and on {@link #close()}; a harness that dies
 * loses at most the last interval's ops, and the reader then reports the torn last line.
 *
 * <p>Thread-safe: workers append concurrently; each append is atomic. A write error is thrown as an
 * {@link UncheckedIOException} from that and every later append, since the file can no longer be
 * trusted to be complete.
 */
public final class HistoryWriter implements AutoCloseable {

    static final long DEFAULT_FLUSH_INTERVAL_NANOS = 200_000_000L;

    private final Writer out;
    private final LongSupplier nanoClock;
    private final long flushIntervalNanos;
    private final StringBuilder line = new StringBuilder(256);
    private long nextIndex;
    private long lastFlushNanos;
    private IOException failure;
    private boolean closed;

    HistoryWriter(Writer out, LongSupplier nanoClock, long flushIntervalNanos) throws IOException {
        this.out = out;
        this.nanoClock = nanoClock;
        this.flushIntervalNanos = flushIntervalNanos;
        out.write(HistoryFormat.HEADER);
        out.write('\n');
        out.flush();
        this.lastFlushNanos = nanoClock.getAsLong();
    }

    /**
     * Creates {@code file}, which must not exist yet, and writes the header; a name ending in
     * {@code .gz} is gzip-compressed (each flush is a sync flush, so what was flushed can be read
     * back even if the harness dies before closing).
     */
    public static HistoryWriter create(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        BufferedWriter writer;
        try {
            writer = new BufferedWriter(new OutputStreamWriter(HistoryFiles.isCompressed(file)
                    ? new GZIPOutputStream(raw, 1 << 16, true) : raw, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        try {
            return new HistoryWriter(writer, System::nanoTime, DEFAULT_FLUSH_INTERVAL_NANOS);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Appends {@code op} with the next index and returns it as written.
     *
     * @throws IllegalArgumentException if the op cannot be written (see {@link HistoryFormat#encode});
     *     nothing is written and the index is not used
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized Op append(Op op) {
        checkUsable();
        Op indexed = op.withIndex(nextIndex);
        line.setLength(0);
        HistoryFormat.encode(indexed, line);
        line.append('\n');
        try {
            out.append(line);
            nextIndex++;
            long now = nanoClock.getAsLong();
            if (now - lastFlushNanos >= flushIntervalNanos) {
                out.flush();
                lastFlushNanos = now;
            }
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("history write failed", e);
        }
        return indexed;
    }

    /** Pushes every appended op to the file. */
    public synchronized void flush() {
        checkUsable();
        try {
            out.flush();
            lastFlushNanos = nanoClock.getAsLong();
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("history flush failed", e);
        }
    }

    /** How many ops were appended. */
    public synchronized long size() {
        return nextIndex;
    }

    /** Flushes and closes the file; idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("history writer is closed");
        }
        if (failure != null) {
            throw new UncheckedIOException("history writer failed earlier", failure);
        }
    }
}
