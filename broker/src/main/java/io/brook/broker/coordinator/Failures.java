package io.brook.broker.coordinator;

import io.brook.protocol.message.ErrorCode;
import java.util.concurrent.CompletionException;

/** The error code and message a failed coordinator call answers with. */
record Failures(ErrorCode code, String message) {

    static Failures of(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof CoordinatorService.CoordinatorException e) {
            return new Failures(e.code, e.getMessage());
        }
        return new Failures(ErrorCode.UNKNOWN_SERVER_ERROR, "the coordinator failed: " + cause);
    }
}
