package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The partition does not hold the batch that should come before this one from this producer (a gap in
 * its sequence numbers). An idempotent producer resends the missing batches first; this reaches the
 * application only when the gap cannot be filled (the earlier batch failed for good, or the broker lost
 * the producer's state), and then the records of the failed batch were not written.
 */
public final class OutOfOrderSequenceException extends BrookException {

    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
