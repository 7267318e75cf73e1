package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A non-retriable broker error without a more specific type (malformed or invalid request, storage failure, an error code unknown to this client). {@link #errorCode()} names it.
 */
public final class BrokerErrorException extends BrookException {

    private static final long serialVersionUID = 1L;

    public BrokerErrorException(String message) {
        super(message);
    }

    public BrokerErrorException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerErrorException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
