package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A retriable broker-side condition without a more specific type: an unexpected server error, no controller available, a topic deletion in progress, or throttling. {@link #errorCode()} names it.
 */
public final class RetriableBrokerErrorException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public RetriableBrokerErrorException(String message) {
        super(message);
    }

    public RetriableBrokerErrorException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetriableBrokerErrorException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
