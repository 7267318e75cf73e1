package io.brook.client;

import java.util.Map;

/**
 * Told when an asynchronous commit completes. Runs on the application thread, inside a later call
 * of the consumer ({@link Consumer#poll}, {@link Consumer#commitSync}, {@link Consumer#close}), in
 * the order the commits were made.
 */
@FunctionalInterface
public interface OffsetCommitCallback {

    /**
     * @param offsets the offsets the commit carried
     * @param exception {@code null} on success, else why nothing was committed
     *     ({@link CommitFailedException} when the group membership changed, a
     *     {@link RetriableException} when the coordinator could not be reached in time)
     */
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
