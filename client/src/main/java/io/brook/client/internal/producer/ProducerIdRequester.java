package io.brook.client.internal.producer;

import io.brook.client.BrookException;
import io.brook.client.ConnectionException;
import io.brook.client.TimeoutException;
import io.brook.client.UnsupportedVersionException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.Errors;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.InitProducerIdRequest;
import io.brook.protocol.message.InitProducerIdResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Obtains a new producer id and epoch with InitProducerId from any broker, one request at a time,
 * retrying retriable failures (a broker that is starting or gone, no controller, a timeout) after a
 * backoff, without end: the batches that wait for the id are bounded by {@code delivery.timeout.ms}
 * instead. A failure that is not retriable (a broker without InitProducerId) is final.
 *
 * <p>Thread safety: driven by the sender thread through {@link #poll}; the network event loop only
 * completes the request's future and wakes the sender. {@link #lastError()} may be read from any
 * thread.
 */
final class ProducerIdRequester {

    private static final InitProducerIdRequest NEW_PRODUCER = InitProducerIdRequest.newBuilder()
            .setTransactionalId("").setProducerId(-1).setProducerEpoch(-1).build();

    private final Metadata metadata;
    private final NetworkClient network;
    private final Backoff backoff;
    private final int requestTimeoutMs;
    private final Runnable wakeup;
    private CompletableFuture<InitProducerIdResponse> pending;
    private long retryAtMs;
    private int failures;
    private volatile BrookException lastError;

    /** @param wakeup called on the event loop when a response or failure arrived */
    ProducerIdRequester(Metadata metadata, NetworkClient network, Backoff backoff, int requestTimeoutMs, Runnable wakeup) {
        this.metadata = metadata;
        this.network = network;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
        this.wakeup = wakeup;
    }

    /**
     * Sends the request when none is out and the backoff has passed, or takes its outcome.
     *
     * @return the new id once it arrived (then the next call starts a new request), else {@code null}
     * @throws BrookException when the brokers refused in a way that retrying cannot change
     */
    ProducerIdAndEpoch poll(long nowMs) {
        if (pending == null) {
            if (nowMs >= retryAtMs) {
                pending = network.call(metadata.anyBroker(), ApiKey.INIT_PRODUCER_ID, NEW_PRODUCER,
                        InitProducerIdResponse.parser(), requestTimeoutMs);
                pending.whenComplete((r, e) -> wakeup.run());
            }
            return null;
        }
        if (!pending.isDone()) {
            return null;
        }
        CompletableFuture<InitProducerIdResponse> done = pending;
        pending = null;
        BrookException error;
        try {
            InitProducerIdResponse r = done.join();
            if (r.getErrorCode() == ErrorCode.NONE) {
                return accepted(r);
            }
            error = ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), null, -1, -1);
        } catch (RuntimeException e) {
            error = Futures.toBrook(e);
        }
        if (!error.isRetriable()) {
            throw unrecoverable(error);
        }
        if (error instanceof ConnectionException || error instanceof TimeoutException
                || Errors.needsMetadataRefresh(error.errorCode())) {
            metadata.requestUpdate();
        }
        lastError = error;
        failures++;
        retryAtMs = nowMs + backoff.delayMs(failures);
        return null;
    }

    private ProducerIdAndEpoch accepted(InitProducerIdResponse r) {
        if (r.getProducerId() < 0 || r.getProducerEpoch() < 0 || r.getProducerEpoch() > Short.MAX_VALUE) {
            throw new BrookException("the broker handed out an invalid producer id " + r.getProducerId() + " epoch "
                    + r.getProducerEpoch() + " (a broker bug; report it); set enable.idempotence=false to produce meanwhile");
        }
        failures = 0;
        lastError = null;
        return new ProducerIdAndEpoch(r.getProducerId(), (short) r.getProducerEpoch());
    }

    private static BrookException unrecoverable(BrookException e) {
        String msg = "the producer cannot get a producer id for idempotent writes (InitProducerId): " + e.getMessage()
                + "; every record fails until the brokers support it, or set enable.idempotence=false";
        return e instanceof UnsupportedVersionException
                ? new UnsupportedVersionException(msg, e, e.errorCode())
                : new BrookException(msg, e, e.errorCode());
    }

    /** Milliseconds until {@link #poll} has something to do without being woken, or {@code Long.MAX_VALUE}. */
    long delayMs(long nowMs) {
        return pending == null ? Math.max(0, retryAtMs - nowMs) : Long.MAX_VALUE;
    }

    /** The last retriable failure of the current request, or {@code null}; for messages. */
    BrookException lastError() {
        return lastError;
    }
}
