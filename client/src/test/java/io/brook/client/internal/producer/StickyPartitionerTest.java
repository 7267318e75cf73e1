package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.internal.metadata.ClusterFixtures;
import io.brook.client.internal.metadata.Cluster;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StickyPartitionerTest {

    private final StickyPartitioner partitioner = new StickyPartitioner();

    @Test
    void sticksToOnePartitionUntilANewBatchIsNeeded() {
        Cluster.TopicInfo topic = ClusterFixtures.topic("t", 0, 0, 0, 0, 0, 0);

        int first = partitioner.partition("t", topic);
        for (int i = 0; i < 100; i++) {
            assertThat(partitioner.partition("t", topic)).isEqualTo(first);
        }
    }

    @Test
    void movesToAnotherPartitionOnANewBatch() {
        Cluster.TopicInfo topic = ClusterFixtures.topic("t", 0, 0, 0, 0);
        Set<Integer> seen = new HashSet<>();
        int current = partitioner.partition("t", topic);
        for (int i = 0; i < 200; i++) {
            int next = partitioner.onNewBatch("t", topic, current);
            assertThat(next).isNotEqualTo(current);
            assertThat(partitioner.partition("t", topic)).isEqualTo(next);
            seen.add(next);
            current = next;
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aStaleNewBatchSignalDoesNotMoveAgain() {
        Cluster.TopicInfo topic = ClusterFixtures.topic("t", 0, 0, 0);
        int first = partitioner.partition("t", topic);
        int second = partitioner.onNewBatch("t", topic, first);

        assertThat(partitioner.onNewBatch("t", topic, first)).isEqualTo(second);
    }

    @Test
    void choosesOnlyPartitionsWithALeader() {
        Cluster.TopicInfo topic = ClusterFixtures.topic("t", -1, 0, -1, 0);
        int current = partitioner.partition("t", topic);
        for (int i = 0; i < 50; i++) {
            current = partitioner.onNewBatch("t", topic, current);
            assertThat(current).isIn(1, 3);
        }
    }
}
