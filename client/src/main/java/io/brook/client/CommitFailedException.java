package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * An offset commit was refused because the consumer's group membership changed under it (a newer member epoch, or the member was removed): nothing was committed for those partitions. The records will be consumed again by whichever member owns the partition now.
 */
public final class CommitFailedException extends BrookException {

    private static final long serialVersionUID = 1L;

    public CommitFailedException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
