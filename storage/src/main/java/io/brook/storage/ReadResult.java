package io.brook.storage;

/**
 * The answer to {@link PartitionLog#read}: a status, the log's bounds at the time of the read and,
 * for {@link Status#OK}, a slice of whole batches that the caller must close.
 */
public final class ReadResult implements AutoCloseable {

    public enum Status {
        /** {@link #slice()} holds at least one batch. */
        OK,
        /** The offset is valid but no batch below the upper bound is there yet (e.g. at the end). */
        NO_DATA,
        /** The offset is below the log start or above the log end. */
        OFFSET_OUT_OF_RANGE
    }

    private final Status status;
    private final LogSlice slice;
    private final long logStartOffset;
    private final long logEndOffset;

    private ReadResult(Status status, LogSlice slice, long logStartOffset, long logEndOffset) {
        this.status = status;
        this.slice = slice;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public static ReadResult ok(LogSlice slice, long logStartOffset, long logEndOffset) {
        return new ReadResult(Status.OK, slice, logStartOffset, logEndOffset);
    }

    public static ReadResult noData(long logStartOffset, long logEndOffset) {
        return new ReadResult(Status.NO_DATA, null, logStartOffset, logEndOffset);
    }

    public static ReadResult outOfRange(long logStartOffset, long logEndOffset) {
        return new ReadResult(Status.OFFSET_OUT_OF_RANGE, null, logStartOffset, logEndOffset);
    }

    public Status status() {
        return status;
    }

    /** The batches read; {@code null} unless {@link #status()} is {@link Status#OK}. */
    public LogSlice slice() {
        return slice;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    /** Releases the slice, if any. Idempotent. */
    @Override
    public void close() {
        if (slice != null) {
            slice.close();
        }
    }
}
