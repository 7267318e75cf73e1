package io.brook.client;

import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.metadata.Cluster;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.client.internal.producer.BufferPool;
import io.brook.client.internal.producer.Murmur2;
import io.brook.client.internal.producer.ProducerPipeline;
import io.brook.client.internal.producer.RecordAccumulator;
import io.brook.client.internal.producer.Sender;
import io.brook.client.internal.producer.StickyPartitioner;
import io.brook.protocol.TopicNames;
import io.brook.protocol.record.Header;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to Brook brokers, asynchronously and in batches, like Kafka's producer.
 *
 * <pre>{@code
 * try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers("127.0.0.1:9192").build())) {
 *     producer.send(new ProducerRecord("orders", key, value))
 *             .whenComplete((md, error) -> ...);
 * }
 * }</pre>
 *
 * <p>{@link #send} appends the record to a batch for its partition and returns at once; a sender
 * thread ships batches when they are full or have lingered {@code linger.ms}, retries retriable
 * failures until {@code delivery.timeout.ms}, and completes each record's future with its offset.
 * {@code send} blocks only for the topic's first metadata and when {@code buffer.memory} is used
 * up, both at most {@code max.block.ms}.
 *
 * <h2>Idempotence: at most once, in order</h2>
 * With {@code enable.idempotence} in effect (the default with {@code acks=all}; the log says at
 * start whether it is on and why not), each record is stored at most once and the records of a
 * partition in the order {@code send} was called, across retries, leader changes and broker
 * restarts:
 * <ul>
 * <li>Before its first batch the producer gets a producer id and epoch from a broker
 *     (InitProducerId, retried while it fails retriably; batches wait at most
 *     {@code delivery.timeout.ms}). Each batch carries them and the partition's sequence number of
 *     its first record, given when the batch is first sent and kept on every retry; the leader
 *     appends a batch only if it continues the sequence and answers a repeat of one of the last 5
 *     with the original offsets.
 * <li>A partition's batches in flight go to one broker, at most 5 and in order; its first batch
 *     under an id goes alone. When one fails with a retriable error, no later batch of that
 *     partition is sent until the ones in flight are back; then the unacknowledged ones are sent
 *     again in order (after the metadata refresh the error asked for, when the leader may have
 *     moved). A repeat the leader recognizes completes with the original offsets.
 * <li>A batch fails for good on an error that is not retriable, after {@code delivery.timeout.ms}
 *     or {@code retries}. Its sequence numbers then leave a gap: no batch gets new sequence
 *     numbers under the old id, batches that have them are settled under it (acknowledged, failed,
 *     or shown to be unwritten), and then the producer takes a new id and numbers the unwritten ones
 *     and all later ones afresh from 0. A batch that may have been written is never sent under a
 *     new id: it is acknowledged under the old one or fails (after {@code delivery.timeout.ms}, with
 *     a {@link TimeoutException} whose message says it may have been written).
 * <li>{@link OutOfOrderSequenceException}: the leader lost the producer's state (its sequence
 *     does not continue from the last acknowledged batch); those records were not written.
 *     {@link ProducerFencedException}: another producer took over the producer id; this producer
 *     fails every record from then on and must be closed. Brokers that refuse InitProducerId for
 *     good (an older broker) fail every record too, with a message that says to set
 *     {@code enable.idempotence=false}.
 * </ul>
 * Without idempotence, a retry may store a record twice and, with more than one request in
 * flight, out of order; {@code max.in.flight.requests.per.connection=1} rules out the reordering.
 *
 * <p>Thread-safe: share one producer between threads. Futures complete on the producer's sender
 * thread: callbacks attached to them must be quick and must not block (in particular not call
 * {@link #flush()}).
 */
public final class Producer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Producer.class);
    private final ProducerConfig config;
    private final NetworkClient network;
    private final Metadata metadata;
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final Thread senderThread;
    private final StickyPartitioner sticky = new StickyPartitioner();
    private volatile boolean closed;

    public Producer(ProducerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        ClientSettings settings = config.settings();
        this.network = new NetworkClient(settings);
        this.metadata = new Metadata(network, settings);
        this.pool = new BufferPool(config.bufferMemory(), config.batchSize(), config.compression());
        ProducerPipeline pipeline = ProducerPipeline.create(config, metadata, network, pool);
        this.accumulator = pipeline.accumulator();
        this.sender = pipeline.sender();
        log.info("producer {}: {}", settings.clientId(), config.idempotenceNote());
        this.senderThread = sender.start(settings.threadPrefix() + "-sender");
    }

    public ProducerConfig config() {
        return config;
    }

    /**
     * Sends a record asynchronously. The future completes with the record's partition and offset
     * once the broker acknowledged it as configured by {@code acks}, or fails with a
     * {@link BrookException}: {@link RecordTooLargeException}, {@link UnknownTopicOrPartitionException}
     * (the topic did not appear within {@code max.block.ms}), {@link BufferExhaustedException},
     * {@link TimeoutException} (not acknowledged within {@code delivery.timeout.ms}; its message says
     * whether it may still have been stored), {@link OutOfOrderSequenceException} and
     * {@link ProducerFencedException} (idempotence, see above), or the broker's non-retriable error.
     *
     * @throws IllegalStateException when the producer is closed
     * @throws InterruptException when interrupted while blocked on metadata or memory
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            throw new IllegalStateException("the producer is closed: create a new one to send more records");
        }
        try {
            return doSend(record);
        } catch (InterruptException e) {
            throw e;
        } catch (BrookException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<RecordMetadata> doSend(ProducerRecord record) {
        BrookException fatal = sender.fatalError();
        if (fatal != null) {
            throw fatal;
        }
        long startNanos = System.nanoTime();
        long maxBlockMs = config.maxBlockMs();
        String topic = record.topic();
        Cluster.TopicInfo info = topicInfo(topic, startNanos + TimeUnit.MILLISECONDS.toNanos(maxBlockMs));
        byte[] key = record.key();
        byte[] value = record.value();
        Header[] headers = record.headerArray();
        int sizeBound = RecordBatchBuilder.recordSizeUpperBound(key == null ? -1 : key.length,
                value == null ? -1 : value.length, headers);
        checkSize(sizeBound);
        long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
        int partition;
        boolean keyless = false;
        if (record.partition() != null) {
            partition = record.partition();
            if (partition >= info.partitionCount()) {
                throw ErrorMapping.unknownTopic(topic, partition, " (topic '" + topic + "' has " + info.partitionCount()
                        + " partitions)");
            }
        } else if (key != null) {
            partition = Murmur2.partition(key, info.partitionCount());
        } else {
            partition = sticky.partition(topic, info);
            keyless = true;
        }
        long remainingMs = Math.max(0, maxBlockMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        long nowMs = System.currentTimeMillis();
        CompletableFuture<RecordMetadata> f = accumulator.append(topic, partition, timestamp, key, value, headers, sizeBound,
                remainingMs, keyless, nowMs);
        if (f == RecordAccumulator.ABORTED_FOR_NEW_BATCH) {
            partition = sticky.onNewBatch(topic, info, partition);
            f = accumulator.append(topic, partition, timestamp, key, value, headers, sizeBound, remainingMs, false, nowMs);
        }
        return f;
    }

    private Cluster.TopicInfo topicInfo(String topic, long deadlineNanos) {
        Cluster.TopicInfo info = metadata.cluster().topic(topic);
        if (info != null && info.partitionCount() > 0 && info.error() == io.brook.protocol.message.ErrorCode.NONE) {
            return info;
        }
        String problem = TopicNames.check(topic);
        if (problem != null) {
            throw new InvalidTopicException(problem);
        }
        return metadata.awaitTopic(topic, deadlineNanos, config.maxBlockMs()).topic(topic);
    }

    private void checkSize(int sizeBound) {
        long size = (long) RecordBatch.HEADER_SIZE + sizeBound;
        if (size > config.maxRequestSize()) {
            throw new RecordTooLargeException("the record is about " + size + " bytes, more than max.request.size ("
                    + config.maxRequestSize() + "): raise max.request.size (and the broker's limits) or send smaller records");
        }
        if (size > config.bufferMemory()) {
            throw new RecordTooLargeException("the record is about " + size + " bytes, more than buffer.memory ("
                    + config.bufferMemory() + "): raise buffer.memory or send smaller records");
        }
    }

    /**
     * Sends every buffered record now and waits until each record sent before this call has
     * completed (successfully or not).
     *
     * @throws IllegalStateException when called from a send callback (it would wait for itself)
     * @throws InterruptException when interrupted while waiting
     */
    public void flush() {
        if (sender.isSenderThread()) {
            throw new IllegalStateException("flush() was called from a send callback, which runs on the sender thread:"
                    + " it would wait for itself; flush from another thread");
        }
        accumulator.beginFlush();
        try {
            sender.wakeup();
            accumulator.awaitFlushCompletion();
        } finally {
            accumulator.endFlush();
        }
    }

    /**
     * The partitions of {@code topic}, with their leaders; blocks up to {@code max.block.ms} for
     * metadata.
     *
     * @throws UnknownTopicOrPartitionException when the topic does not exist
     */
    public List<PartitionInfo> partitionsFor(String topic) {
        if (closed) {
            throw new IllegalStateException("the producer is closed");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.maxBlockMs());
        return topicInfo(topic, deadline).partitions();
    }

    /** Sends everything buffered, waits for it, then releases all resources. Idempotent. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Stops accepting records and waits up to {@code timeout} for buffered and in-flight records to
     * complete; whatever is still pending then fails. {@code Duration.ZERO} fails every pending record at
     * once. Idempotent.
     */
    public synchronized void close(Duration timeout) {
        boolean first = !closed;
        closed = true;
        if (first) {
            accumulator.close();
        }
        long timeoutMs = timeout.isNegative() ? 0 : timeout.toMillis();
        if (sender.isSenderThread()) {
            sender.forceClose(new BrookException("the producer was closed from a send callback before the record was sent"));
            return;
        }
        if (timeoutMs > 0) {
            sender.initiateClose();
            join(timeoutMs);
        }
        if (senderThread.isAlive()) {
            sender.forceClose(new BrookException(timeoutMs == 0
                    ? "the producer was closed with a zero timeout before the record was acknowledged"
                    : "the producer was closed before the record was acknowledged (close timeout " + timeoutMs + " ms)"));
            join(TimeUnit.SECONDS.toMillis(10));
        }
        network.close();
    }

    private void join(long ms) {
        try {
            senderThread.join(Math.max(1, Math.min(ms, Long.MAX_VALUE / 2)));
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }
}
