package io.brook.replication.control;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Request/response bytes between brokers for the control plane. The broker implements it on its
 * own listener (API key CONTROL); tests use an in-memory one. Implementations must time requests out.
 *
 * <p>What an implementation must do: carry each payload unchanged to the broker at the address and
 * hand it to that broker's handler, and bring the handler's bytes back unchanged. The bytes are opaque
 * (versioned control messages); the largest is an answer carrying the whole metadata image (about 24
 * bytes per partition replica set plus ~100 per topic), so allow frames of several MiB. Fail a request
 * that certainly never reached a handler (the broker is unreachable: {@link java.net.ConnectException};
 * no handler is set yet there: {@link IllegalStateException}) so that the caller may try another broker
 * at once; fail any other way ({@link java.util.concurrent.TimeoutException}, a connection lost after
 * sending) when the request may have been handled. Never leave a request pending past its timeout.
 * Futures may complete on any thread, including an event loop: the caller hops to its own threads.
 */
public interface ControlTransport {

    /**
     * Sends {@code payload} to the broker listening at {@code address} ({@code host:port}).
     *
     * @return the handler's response on that broker; fails with {@link java.util.concurrent.TimeoutException}
     *     after {@code timeout}, or with another exception when the broker cannot be reached
     */
    CompletableFuture<byte[]> request(String address, byte[] payload, Duration timeout);

    /** Sets the handler for requests arriving at this broker; it may complete on any thread. */
    void handler(Function<byte[], CompletableFuture<byte[]>> handler);
}
