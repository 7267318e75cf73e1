package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * An operation did not complete in time. <strong>Its effect is unknown</strong>: a produce request
 * that timed out may still have been appended, a topic creation may still have happened. Retriable.
 */
public class TimeoutException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    public TimeoutException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
