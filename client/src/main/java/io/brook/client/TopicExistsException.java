package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A topic with that name already exists.
 */
public final class TopicExistsException extends BrookException {

    private static final long serialVersionUID = 1L;

    public TopicExistsException(String message) {
        super(message);
    }

    public TopicExistsException(String message, Throwable cause) {
        super(message, cause);
    }

    public TopicExistsException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
