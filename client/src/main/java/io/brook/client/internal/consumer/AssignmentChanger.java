package io.brook.client.internal.consumer;

import io.brook.client.TopicPartition;
import io.brook.client.internal.metadata.Metadata;
import java.util.Collection;
import java.util.List;

/**
 * Changes what the consumer reads, keeping its parts in step: the positions
 * ({@link SubscriptionState}), the data fetched ahead ({@link FetchBuffer}, {@link RecordCollector}),
 * the fetch loop ({@link Fetcher}) and the topics whose metadata is kept. Used by
 * {@code assign}/{@code seek} and by the reconciliation of a group assignment.
 *
 * <p>Owned by the application thread.
 */
public final class AssignmentChanger {

    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final RecordCollector collector;
    private final Fetcher fetcher;
    private final Metadata metadata;

    public AssignmentChanger(SubscriptionState subscriptions, FetchBuffer buffer, RecordCollector collector, Fetcher fetcher,
                             Metadata metadata) {
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.collector = collector;
        this.fetcher = fetcher;
        this.metadata = metadata;
    }

    /**
     * Replaces the assigned partitions; kept ones keep their positions and fetches.
     *
     * @return the partitions removed
     */
    public List<TopicPartition> assign(Collection<TopicPartition> partitions) {
        List<TopicPartition> removed = subscriptions.assign(partitions);
        removed.forEach(this::dropFetched);
        metadata.setTopics(subscriptions.topics());
        fetcher.assign(subscriptions.assignment());
        return removed;
    }

    /** Moves the position of an assigned partition, dropping what was fetched for the old one. */
    public void seek(TopicPartition tp, long offset, int term) {
        int generation = subscriptions.seek(tp, offset, term);
        dropFetched(tp);
        fetcher.start(tp, offset, generation);
    }

    /** Drops the data fetched ahead for {@code tp}. */
    public void dropFetched(TopicPartition tp) {
        buffer.discard(tp);
        collector.discard(tp);
    }
}
