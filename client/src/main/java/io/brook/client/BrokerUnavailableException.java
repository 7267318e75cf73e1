package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A broker cannot serve the request right now: it is shutting down or cannot be reached. Retriable, on another broker or once it is back.
 */
public class BrokerUnavailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerUnavailableException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
