package io.brook.client.internal.producer;

import io.brook.client.ProducerConfig;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;

/**
 * Wires a producer's {@link RecordAccumulator} and {@link Sender} from its config, with the
 * {@link Idempotence} rules between them when {@code enable.idempotence} is in effect. Immutable.
 *
 * @param accumulator where {@code send} appends records
 * @param sender the sender thread's work, not started yet
 */
public record ProducerPipeline(RecordAccumulator accumulator, Sender sender) {

    public static ProducerPipeline create(ProducerConfig config, Metadata metadata, NetworkClient network, BufferPool pool) {
        Sender[] sender = new Sender[1];
        Runnable wakeup = () -> sender[0].wakeup();
        Backoff backoff = new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
        Idempotence idempotence = config.enableIdempotence()
                ? new Idempotence(new ProducerIdRequester(metadata, network, backoff, config.requestTimeoutMs(), wakeup))
                : null;
        RecordAccumulator accumulator = new RecordAccumulator(config.batchSize(), config.lingerMs(), pool, wakeup,
                idempotence != null ? idempotence : DrainGate.OPEN);
        sender[0] = new Sender(accumulator, metadata, network, config.acks(), config.requestTimeoutMs(),
                config.maxInFlightRequestsPerConnection(), config.maxRequestSize(), config.deliveryTimeoutMs(), backoff,
                config.retries(), idempotence);
        return new ProducerPipeline(accumulator, sender[0]);
    }
}
