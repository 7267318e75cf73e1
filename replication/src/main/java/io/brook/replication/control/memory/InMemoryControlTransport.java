package io.brook.replication.control.memory;

import io.brook.replication.control.ControlTransport;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One broker's endpoint on an {@link InMemoryControlNetwork}: the {@link ControlTransport} a test hands to
 * the broker's cluster metadata. Payloads are copied on the way in and out, as a network would. Closing
 * it makes the address refuse connections until a new endpoint is opened there. Thread-safe.
 */
public final class InMemoryControlTransport implements ControlTransport, AutoCloseable {

    private final InMemoryControlNetwork network;
    private final String address;
    private volatile Function<byte[], CompletableFuture<byte[]>> handler;
    private volatile boolean closed;

    InMemoryControlTransport(InMemoryControlNetwork network, String address) {
        this.network = network;
        this.address = address;
    }

    /** The {@code host:port} this endpoint listens at. */
    public String address() {
        return address;
    }

    @Override
    public void handler(Function<byte[], CompletableFuture<byte[]>> handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<byte[]> request(String to, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new ConnectException("endpoint " + address + " is closed"));
            return result;
        }
        byte[] sent = payload.clone();
        try {
            network.scheduler().schedule(() -> result.completeExceptionally(
                    new TimeoutException("no response from " + to + " within " + timeout.toMillis() + " ms")),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            network.deliver(() -> arrive(to, sent, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ConnectException("the in-memory network is closed"));
        }
        return result;
    }

    private void arrive(String to, byte[] payload, CompletableFuture<byte[]> result) {
        if (!network.connected(address, to)) {
            return; // dropped: the caller times out
        }
        InMemoryControlTransport target = network.lookup(to);
        Function<byte[], CompletableFuture<byte[]>> h = target == null || target.closed ? null : target.handler;
        if (h == null) {
            result.completeExceptionally(new ConnectException("connection refused: " + to));
            return;
        }
        CompletableFuture<byte[]> response;
        try {
            response = h.apply(payload);
        } catch (RuntimeException e) {
            result.completeExceptionally(new ConnectException("connection reset by " + to + ": " + e));
            return;
        }
        response.whenComplete((bytes, error) -> {
            try {
                network.deliver(() -> {
                    if (!network.connected(to, address)) {
                        return;
                    }
                    if (error != null) {
                        result.completeExceptionally(new ConnectException("connection reset by " + to + ": " + error));
                    } else {
                        result.complete(bytes.clone());
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new ConnectException("the in-memory network is closed"));
            }
        });
    }

    /** Stops serving: requests to this address are refused, requests from it fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        handler = null;
        network.remove(this);
    }
}
