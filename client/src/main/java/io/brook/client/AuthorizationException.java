package io.brook.client;

import io.brook.protocol.message.ErrorCode;

/**
 * The principal may not perform this operation on the resource the message names (ACLs): an administrator grants it with {@code brook acl add}.
 */
public final class AuthorizationException extends BrookException {

    private static final long serialVersionUID = 1L;

    public AuthorizationException(String message, Throwable cause, ErrorCode errorCode) {
        super(message, cause, errorCode);
    }
}
