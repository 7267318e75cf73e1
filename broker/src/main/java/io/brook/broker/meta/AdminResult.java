package io.brook.broker.meta;

import io.brook.protocol.message.ErrorCode;

/** The outcome of a topic administration operation. */
public record AdminResult(ErrorCode error, String message) {

    public static final AdminResult OK = new AdminResult(ErrorCode.NONE, "");

    public static AdminResult error(ErrorCode error, String message) {
        return new AdminResult(error, message);
    }

    public boolean ok() {
        return error == ErrorCode.NONE;
    }
}
