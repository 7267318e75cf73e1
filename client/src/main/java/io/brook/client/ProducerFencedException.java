package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The partition has seen a newer epoch of this producer's id: another producer instance took the id
 * over. The fenced producer cannot write any more; close it.
 */
public final class ProducerFencedException extends BrookException {

    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
