package io.brook.broker.meta;

import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Hands out producer ids for InitProducerId from a block of {@link MetadataImage#PRODUCER_ID_BLOCK_SIZE}
 * ids that the controller allocated to this broker. A block is committed in the cluster metadata before
 * any of its ids is handed out, and the controller never allocates an id twice, so ids are unique in the
 * cluster across broker restarts and controller failover (a restarted broker asks for a new block; the
 * rest of its old block is never used). One allocation is in flight at a time; callers that arrive
 * meanwhile wait for it.
 *
 * <p>Thread-safe (synchronized); futures complete on the metadata threads.
 */
public final class ProducerIds {

    /** How long to wait for an allocated block to reach this broker's image. */
    private static final long VISIBLE_TIMEOUT_MS = 15_000;

    private final int brokerId;
    private final ClusterMetadata metadata;
    private final ImageWaits waits;
    private final ArrayDeque<CompletableFuture<Long>> waiting = new ArrayDeque<>();
    private long next = -1;
    private long end = -1;
    private boolean allocating;

    public ProducerIds(int brokerId, ClusterMetadata metadata) {
        this.brokerId = brokerId;
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.waits = new ImageWaits(metadata);
    }

    /**
     * A producer id never handed out before, or a future failed with {@link ProducerIdsUnavailableException}
     * when the controller could not allocate a block (retriable).
     */
    public synchronized CompletableFuture<Long> next() {
        if (next < end) {
            return CompletableFuture.completedFuture(next++);
        }
        CompletableFuture<Long> id = new CompletableFuture<>();
        waiting.add(id);
        if (!allocating) {
            allocating = true;
            allocate();
        }
        return id;
    }

    private void allocate() {
        long previous;
        synchronized (this) {
            previous = end - MetadataImage.PRODUCER_ID_BLOCK_SIZE;
        }
        metadata.allocateProducerIds(brokerId).thenCompose(r -> {
            if (!r.ok()) {
                return CompletableFuture.<Long>failedFuture(new ProducerIdsUnavailableException(r.message()));
            }
            // only this broker changes its entry, one allocation at a time: a different block is the new one
            return waits.until(img -> block(img) != null && block(img) != previous, VISIBLE_TIMEOUT_MS)
                    .thenApply(v -> block(metadata.image()));
        }).whenComplete(this::allocated);
    }

    private Long block(MetadataImage image) {
        return image.producerIdBlocks().get(brokerId);
    }

    private void allocated(Long start, Throwable failure) {
        ArrayDeque<CompletableFuture<Long>> answer = new ArrayDeque<>();
        synchronized (this) {
            allocating = false;
            if (failure == null) {
                next = start;
                end = start + MetadataImage.PRODUCER_ID_BLOCK_SIZE;
            }
            while (!waiting.isEmpty() && (failure != null || next < end)) {
                CompletableFuture<Long> f = waiting.poll();
                if (failure == null) {
                    f.complete(next++);
                } else {
                    answer.add(f);
                }
            }
            if (!waiting.isEmpty()) {
                // more waiters than ids in the block
                allocating = true;
            }
        }
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        ProducerIdsUnavailableException error = cause instanceof ProducerIdsUnavailableException p ? p
                : new ProducerIdsUnavailableException("the controller quorum did not allocate producer ids in time: " + cause);
        answer.forEach(f -> f.completeExceptionally(error));
        synchronized (this) {
            if (allocating) {
                allocate();
            }
        }
    }

    /** The controller could not allocate a block of producer ids now; retriable. */
    public static final class ProducerIdsUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProducerIdsUnavailableException(String message) {
            super(message);
        }
    }

}
