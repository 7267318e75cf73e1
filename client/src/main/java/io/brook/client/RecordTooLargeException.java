package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A record or batch is larger than a configured limit (the producer's {@code max.request.size} or {@code buffer.memory}, the broker's frame limit or the topic's batch limit). Not retriable: the same record fails the same way.
 */
public final class RecordTooLargeException extends BrookException {

    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    public RecordTooLargeException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
