package io.brook.broker.network;

/**
 * Told of every answered request, for metrics. Called on whichever thread answers (event loops, log
 * threads), once per request, on the hot path: an implementation must be thread-safe, must not
 * block and should not allocate.
 */
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = (apiKey, errorCode, nanos) -> { };

    /**
     * A request was answered (or ended without an answer, as produce with acks=0 and RAFT do).
     *
     * @param apiKey the request's API key id, as received (possibly one no broker knows)
     * @param errorCode the frame-level error code of the answer, 0 (NONE) for a normal response; errors
     *     inside a response body (per partition) are not seen here
     * @param nanos from the dispatcher receiving the request to its answer being handed to the connection
     */
    void answered(short apiKey, int errorCode, long nanos);
}
