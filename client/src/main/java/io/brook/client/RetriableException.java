package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The operation failed but may succeed if tried again, possibly on another broker after a metadata
 * refresh. The client retries these itself until the operation's timeout (the producer's
 * {@code delivery.timeout.ms}, a request's {@code request.timeout.ms}); when one reaches the
 * application, that time has run out.
 */
public class RetriableException extends BrookException {

    private static final long serialVersionUID = 1L;

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetriableException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
