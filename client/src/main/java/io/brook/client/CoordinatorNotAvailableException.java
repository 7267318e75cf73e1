package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The group's coordinator cannot serve the request right now: it moved to another broker, its {@code __groups} partition has no leader, or it is still loading the group. The client finds the coordinator again and retries.
 */
public final class CoordinatorNotAvailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public CoordinatorNotAvailableException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
