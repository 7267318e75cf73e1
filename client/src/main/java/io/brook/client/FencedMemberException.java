package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The coordinator removed this consumer from its group (an expired session, a stale member epoch, a revocation not finished within the rebalance timeout, or a static member replaced). The consumer has lost its partitions; its commits are refused until it has rejoined, which it does on the next poll.
 */
public final class FencedMemberException extends BrookException {

    private static final long serialVersionUID = 1L;

    public FencedMemberException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
