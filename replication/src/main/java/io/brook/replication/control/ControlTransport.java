package io.brook.replication.control;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Request/response bytes between brokers for the control plane. The broker implements it on its
 * own listener (API key CONTROL); tests use an in-memory one. Implementations must time requests out:
 * atomix retries only on timeouts.
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
