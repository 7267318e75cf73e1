package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * Base of every exception the Brook client raises or completes a future with. Unchecked.
 *
 * <p>Two families: {@link RetriableException}s (the operation may succeed if tried again later;
 * the client retries them itself until the operation's timeout) and the rest, which fail at once
 * because trying again fails the same way. Messages say what to do about the failure.
 */
public class BrookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public BrookException(String message) {
        this(message, null, ErrorCode.NONE);
    }

    public BrookException(String message, Throwable cause) {
        this(message, cause, ErrorCode.NONE);
    }

    /**
     * @param errorCode the broker's error code behind this exception, or {@code NONE} when the
     *     client raised it on its own
     */
    public BrookException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause);
        this.errorCode = errorCode == null ? ErrorCode.NONE : errorCode;
    }

    /** The broker's error code, or {@link ErrorCode#NONE} when the failure was detected by the client. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Whether the same operation may succeed if tried again later. */
    public boolean isRetriable() {
        return false;
    }
}
