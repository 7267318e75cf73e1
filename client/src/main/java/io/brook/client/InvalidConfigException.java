package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A configuration is invalid: a client setting rejected when the client is built, or a topic setting (partition count, replication factor, topic config) rejected by the broker.
 */
public final class InvalidConfigException extends BrookException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidConfigException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
