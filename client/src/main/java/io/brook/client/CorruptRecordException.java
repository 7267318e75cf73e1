package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * A record batch failed validation (CRC32C, lengths, record format), on the broker or in the consumer.
 */
public final class CorruptRecordException extends BrookException {

    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    public CorruptRecordException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
