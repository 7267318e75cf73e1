package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The broker does not serve the API or the API version the client used. Upgrade the broker, or use a client that matches it.
 */
public final class UnsupportedVersionException extends BrookException {

    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }

    public UnsupportedVersionException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnsupportedVersionException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
