package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The topic name is not valid: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}.
 */
public final class InvalidTopicException extends BrookException {

    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(message);
    }

    public InvalidTopicException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidTopicException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
