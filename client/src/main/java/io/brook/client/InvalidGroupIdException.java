package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The group id is empty, too long, or has characters outside {@code [a-zA-Z0-9._-]}.
 */
public final class InvalidGroupIdException extends BrookException {

    private static final long serialVersionUID = 1L;

    public InvalidGroupIdException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
