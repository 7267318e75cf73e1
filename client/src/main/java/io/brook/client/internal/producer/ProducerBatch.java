package io.brook.client.internal.producer;

import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.brook.protocol.record.Header;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One record batch of one partition, from its first record to its acknowledgement: records are
 * appended into a pooled {@link RecordBatchBuilder} (no allocation per record but the record's
 * future), the batch is built (compressed, CRC'd) once when drained, and the same bytes are sent
 * again on retry.
 *
 * <p>Thread safety: while in its partition's deque, it is guarded by the deque's
 * {@link PartitionQueue} monitor (appenders and the sender); once drained, it belongs to the sender
 * thread, which alone completes it. {@link #done()} may be awaited from any thread.
 */
public final class ProducerBatch {

    private static final int INITIAL_RECORDS = 32;

    final TopicPartition tp;
    final RecordBatchBuilder builder;
    /** Bytes of buffer memory this batch holds. */
    final int capacity;
    final long createdMs;
    private CompletableFuture<RecordMetadata>[] futures;
    private long[] timestamps;
    private int count;
    /** Set when a record did not fit: the batch takes no more. */
    boolean full;
    private ByteBuffer built;

    int attempts;
    long retryAtMs;
    RuntimeException lastError;
    /** The batch waits for the metadata refresh its last error asked for (the leader may have moved). */
    boolean awaitsMetadata;
    /** An attempt ended without telling whether the records were written (timeout, lost connection). */
    boolean maybeWritten;

    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    /**
     * Position among the idempotent batches of its partition, from the first time it got sequence
     * numbers; kept when a new producer id re-numbers it, so that retries go back in this order. -1
     * before.
     */
    long order = -1;
    /**
     * How many batches of its partition got sequence numbers under the current producer id before
     * this one ({@link PartitionSequence#window}); meaningless while it has none.
     */
    long stampIndex;
    private boolean finished;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    @SuppressWarnings("unchecked")
    ProducerBatch(TopicPartition tp, RecordBatchBuilder builder, int capacity, long createdMs) {
        this.tp = tp;
        this.builder = builder;
        this.capacity = capacity;
        this.createdMs = createdMs;
        this.futures = (CompletableFuture<RecordMetadata>[]) new CompletableFuture<?>[INITIAL_RECORDS];
        this.timestamps = new long[INITIAL_RECORDS];
    }

    /**
     * Appends a record if it fits ({@code sizeBound} from {@link RecordBatchBuilder#recordSizeUpperBound});
     * the first record always fits.
     *
     * @return the record's future, or {@code null} when it does not fit
     */
    CompletableFuture<RecordMetadata> tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers, int sizeBound) {
        if (full || built != null) {
            return null;
        }
        if (count > 0 && builder.uncompressedSizeInBytes() + sizeBound > capacity) {
            full = true;
            return null;
        }
        builder.append(timestamp, key, value, headers);
        if (count == futures.length) {
            futures = java.util.Arrays.copyOf(futures, count * 2);
            timestamps = java.util.Arrays.copyOf(timestamps, count * 2);
        }
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        futures[count] = f;
        timestamps[count] = timestamp;
        count++;
        return f;
    }

    /** Builds the batch bytes (compressing them) if not done yet; appends are refused from now on. */
    void close() {
        if (built == null) {
            built = builder.build();
        }
    }

    boolean isClosed() {
        return built != null;
    }

    /**
     * Sets the idempotence fields of the header: before the batch is built, through the builder;
     * after, by rewriting them and the CRC in the built bytes (never while an attempt is in flight).
     */
    void stamp(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        if (built == null) {
            builder.producer(producerId, producerEpoch, baseSequence);
            return;
        }
        int at = built.position();
        built.putLong(at + RecordBatch.PRODUCER_ID_OFFSET, producerId);
        built.putShort(at + RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        built.putInt(at + RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        built.putInt(at + RecordBatch.CRC_OFFSET, (int) RecordBatch.of(built).computeCrc());
    }

    /** Forgets the sequence numbers (the producer id they belong to was given up); the next drain re-stamps. */
    void clearSequence() {
        baseSequence = RecordBatch.NO_SEQUENCE;
    }

    /** Whether the batch carries sequence numbers of the current producer id. */
    boolean hasSequence() {
        return baseSequence != RecordBatch.NO_SEQUENCE;
    }

    int baseSequence() {
        return baseSequence;
    }

    long producerId() {
        return producerId;
    }

    /** The built batch bytes; valid until the batch is completed. */
    ByteBuffer bytes() {
        return built.duplicate();
    }

    /** Bytes on the wire once built; before that, the uncompressed size so far. */
    int sizeInBytes() {
        return built != null ? built.remaining() : Math.max(builder.uncompressedSizeInBytes(), RecordBatch.HEADER_SIZE);
    }

    int recordCount() {
        return count;
    }

    boolean isFinished() {
        return finished;
    }

    /** Completes when the batch succeeded or failed; for flush. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Completes every record's future: record i gets {@code baseOffset + i}, or -1 when the offset is
     * unknown ({@code baseOffset < 0}, acks=0). The builder must already be back in the pool.
     */
    void succeed(long baseOffset) {
        finished = true;
        String topic = tp.topic();
        int partition = tp.partition();
        for (int i = 0; i < count; i++) {
            CompletableFuture<RecordMetadata> f = futures[i];
            futures[i] = null;
            f.complete(new RecordMetadata(topic, partition, baseOffset < 0 ? -1 : baseOffset + i, timestamps[i]));
        }
        done.complete(null);
    }

    /** Fails every record's future with {@code error}. */
    void fail(RuntimeException error) {
        finished = true;
        for (int i = 0; i < count; i++) {
            CompletableFuture<RecordMetadata> f = futures[i];
            futures[i] = null;
            f.completeExceptionally(error);
        }
        done.complete(null);
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + tp + ", records=" + count + ", attempts=" + attempts
                + (hasSequence() ? ", producer " + producerId + "/" + producerEpoch + ", sequence " + baseSequence : "") + ")";
    }
}
