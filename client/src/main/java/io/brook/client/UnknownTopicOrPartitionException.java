package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The topic or partition does not exist, or this client's metadata does not know it yet. Retriable until the operation's timeout, like Kafka's: a topic that was just created may take a moment to appear everywhere.
 */
public final class UnknownTopicOrPartitionException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }

    public UnknownTopicOrPartitionException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnknownTopicOrPartitionException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
