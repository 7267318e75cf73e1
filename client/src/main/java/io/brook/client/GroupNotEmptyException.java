package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The operation needs a group without members (deleting the group, resetting its offsets): stop its consumers first.
 */
public final class GroupNotEmptyException extends BrookException {

    private static final long serialVersionUID = 1L;

    public GroupNotEmptyException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
