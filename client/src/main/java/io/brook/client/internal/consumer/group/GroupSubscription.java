package io.brook.client.internal.consumer.group;

import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.TopicPartition;
import io.brook.client.internal.metadata.Cluster;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the consumer reads: nothing, partitions it was assigned ({@code assign}), topics, or the
 * topics matching a pattern ({@code subscribe}). A pattern is resolved on the client against the
 * names of all topics in the metadata, internal topics (names starting with {@code __}) excluded,
 * and re-resolved whenever the metadata changes. As Kafka's, {@code assign} and {@code subscribe}
 * exclude each other until {@code unsubscribe}.
 *
 * <p>Owned by the application thread.
 */
public final class GroupSubscription {

    /** How the consumer chose what to read. */
    public enum Mode { NONE, ASSIGNED, TOPICS, PATTERN }

    private static final ConsumerRebalanceListener NO_LISTENER = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    };

    private Mode mode = Mode.NONE;
    private Pattern pattern;
    private List<String> topics = List.of();
    private ConsumerRebalanceListener listener = NO_LISTENER;

    public Mode mode() {
        return mode;
    }

    public boolean isGroupMember() {
        return mode == Mode.TOPICS || mode == Mode.PATTERN;
    }

    /** @throws IllegalStateException when the consumer subscribed */
    public void assigned() {
        if (isGroupMember()) {
            throw new IllegalStateException("subscribe() and assign() are mutually exclusive: the consumer is subscribed"
                    + " to " + describe() + "; call unsubscribe() first");
        }
        mode = Mode.ASSIGNED;
    }

    /** Subscribes to fixed topics; returns them, sorted. */
    public List<String> subscribe(Collection<String> names, ConsumerRebalanceListener l) {
        checkNotAssigned();
        mode = Mode.TOPICS;
        pattern = null;
        topics = List.copyOf(new TreeSet<>(names));
        listener = l == null ? NO_LISTENER : l;
        return topics;
    }

    /** Subscribes to a pattern; {@link #resolve} gives the topics. */
    public void subscribe(Pattern p, ConsumerRebalanceListener l) {
        checkNotAssigned();
        mode = Mode.PATTERN;
        pattern = p;
        topics = List.of();
        listener = l == null ? NO_LISTENER : l;
    }

    /**
     * Matches the pattern against {@code cluster}'s topics.
     *
     * @return the new topic list when it changed, else {@code null}
     */
    public List<String> resolve(Cluster cluster) {
        if (mode != Mode.PATTERN) {
            return null;
        }
        Set<String> matched = new TreeSet<>();
        for (String name : cluster.topicNames()) {
            Cluster.TopicInfo info = cluster.topic(name);
            if (!name.startsWith("__") && info != null && info.partitionCount() > 0 && pattern.matcher(name).matches()) {
                matched.add(name);
            }
        }
        List<String> next = List.copyOf(matched);
        if (next.equals(topics)) {
            return null;
        }
        topics = next;
        return next;
    }

    public void unsubscribe() {
        mode = Mode.NONE;
        pattern = null;
        topics = List.of();
        listener = NO_LISTENER;
    }

    /** The subscribed topics (for a pattern: those it matched so far). */
    public Set<String> topics() {
        return Set.copyOf(topics);
    }

    public ConsumerRebalanceListener listener() {
        return listener;
    }

    private void checkNotAssigned() {
        if (mode == Mode.ASSIGNED) {
            throw new IllegalStateException("subscribe() and assign() are mutually exclusive: the consumer has assigned"
                    + " partitions; call unsubscribe() first");
        }
    }

    private String describe() {
        return mode == Mode.PATTERN ? "pattern '" + pattern + "'" : "topics " + topics;
    }
}
