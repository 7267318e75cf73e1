package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The group does not exist on its coordinator.
 */
public final class GroupIdNotFoundException extends BrookException {

    private static final long serialVersionUID = 1L;

    public GroupIdNotFoundException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
