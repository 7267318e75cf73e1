package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * Too few replicas are in sync to accept a write with {@code acks=all}. Retriable: replicas may catch up; if it persists, check the health of the partition's replicas.
 */
public final class NotEnoughReplicasException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message);
    }

    public NotEnoughReplicasException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotEnoughReplicasException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
