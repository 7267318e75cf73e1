package io.brook.benchmarks.group;

import java.time.Duration;
import java.util.Collection;

/** A consumer group member of one system, subscribed to the benchmark's topic. Owned by one thread. */
public interface Member extends AutoCloseable {

    /** Subscribes to the topic with the listener given at creation. */
    void subscribe();

    /**
     * Polls once, waiting up to {@code timeout}, and tells {@code sink} per partition how many records
     * came back and the oldest send time among them (the first 8 bytes of each value).
     */
    void poll(Duration timeout, Sink sink);

    /** The offset of the next record this member would return for the partition. */
    long position(int partition);

    /** Commits the offset of one partition and waits for the answer. */
    void commit(int partition, long offset);

    /** Leaves the group and closes the consumer. */
    @Override
    void close();

    /** Told by the member's own thread, inside poll or close, as the system's rebalance listener is. */
    interface Listener {
        void assigned(Collection<Integer> partitions);

        void revoked(Collection<Integer> partitions);

        void lost(Collection<Integer> partitions);
    }

    /** Receives what a poll returned, one call per partition with records. */
    interface Sink {
        void delivered(int partition, int records, long oldestSentMs);
    }
}
