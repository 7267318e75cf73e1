package io.brook.client;

/**
 * {@link Producer#send} waited {@code max.block.ms} for room in the producer's buffer
 * ({@code buffer.memory}) and found none: records are produced faster than the brokers take them.
 * Like Kafka's, it is a {@link TimeoutException}: the record was not sent, and sending it again
 * later may succeed. Slow down, raise {@code buffer.memory} or {@code max.block.ms}, or check that
 * the brokers are reachable.
 */
public final class BufferExhaustedException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    public BufferExhaustedException(String message) {
        super(message);
    }
}
