package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The partition has no leader right now, typically during an election. Retriable: the client refreshes its metadata and retries until its timeout.
 */
public final class LeaderNotAvailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public LeaderNotAvailableException(String message) {
        super(message);
    }

    public LeaderNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public LeaderNotAvailableException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
