package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A consumer has no position for a partition and {@code auto.offset.reset} is {@code none}: seek explicitly before polling.
 */
public final class NoOffsetForPartitionException extends BrookException {

    private static final long serialVersionUID = 1L;

    public NoOffsetForPartitionException(String message) {
        super(message);
    }

    public NoOffsetForPartitionException(String message, Throwable cause) {
        super(message, cause);
    }

    public NoOffsetForPartitionException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
