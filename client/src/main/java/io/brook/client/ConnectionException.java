package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The connection to a broker could not be opened or was lost while the request was outstanding. Retriable; a request in flight when the connection dropped may or may not have taken effect.
 */
public final class ConnectionException extends BrokerUnavailableException {

    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConnectionException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
