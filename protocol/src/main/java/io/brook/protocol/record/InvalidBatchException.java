package io.brook.protocol.record;

/**
 * A record batch failed validation: it is rejected before it reaches any file. Not retriable:
 * sending the same bytes again fails the same way.
 */
public final class InvalidBatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final BatchError error;
    private final long position;

    /**
     * @param position the byte position of the batch within the input it was found in
     */
    public InvalidBatchException(BatchError error, long position, String detail) {
        super("invalid record batch at byte " + position + ": " + error.description()
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.error = error;
        this.position = position;
    }

    public BatchError error() {
        return error;
    }

    public long position() {
        return position;
    }
}
