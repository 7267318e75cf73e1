package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The named user or credential does not exist.
 */
public final class ResourceNotFoundException extends BrookException {

    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
