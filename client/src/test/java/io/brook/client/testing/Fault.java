package io.brook.client.testing;

import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;

/**
 * A failure a fake broker injects into the next request of an API.
 *
 * @param code for {@link Kind#ERROR} and {@link Kind#FRAME_ERROR}
 */
record Fault(Kind kind, ApiKey api, ErrorCode code) {

    enum Kind {
        /** Answer every partition (or the request, for APIs without partitions) with {@code code}. */
        ERROR,
        /** Neither process nor answer the request: the client times out. */
        SWALLOW,
        /** Close the connection instead of answering (the request is not processed). */
        DISCONNECT,
        /** Process the request, then close the connection instead of answering: the client cannot tell it was applied. */
        DISCONNECT_AFTER,
        /** Process the request and never answer it; the connection stays open (a lost response). */
        LOSE_ANSWER,
        /** Answer with a frame-level error and an ErrorResponse. */
        FRAME_ERROR
    }
}
