package io.brook.replication.control;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Request/response bytes between brokers for the control plane. The broker implements it on its
 * own listener (API key CONTROL); tests use an in-memory one. Implementations must time requests out:
 * atomix retries only on timeouts.
 *
 * <p>What an implementation must do: carry each payload unchanged to the broker at the address and
 * hand it to that broker's handler, and bring the handler's bytes back unchanged. The bytes are opaque
 * (a versioned frame around atomix's messages); the largest is an answer carrying the whole metadata
 * image (about 24 bytes per partition replica set plus ~100 per topic), so allow frames of several MiB.
 * When no handler is set yet, or the broker is unreachable, fail the request with any exception other
 * than {@link java.util.concurrent.TimeoutException} (e.g. {@link java.net.ConnectException}) so the
 * caller tries another broker at once; never leave a request pending past its timeout. Futures may
 * complete on any thread, including an event loop: the caller hops to its own threads.
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
