package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The broker that received the request does not lead the partition (leadership moved). Retriable:
 * the client refreshes its metadata and sends the request to the new leader.
 */
public final class NotLeaderException extends RetriableException {

    private static final long serialVersionUID = 1L;

    private final int leaderHint;

    public NotLeaderException(String message, int leaderHint) {
        super(message, null, ErrorCode.NOT_LEADER);
        this.leaderHint = leaderHint;
    }

    /** The id of the broker the answering broker believes leads the partition, or -1 when unknown. */
    public int leaderHint() {
        return leaderHint;
    }
}
