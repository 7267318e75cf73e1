package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.BrookException;
import io.brook.client.BufferExhaustedException;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.brook.client.internal.metadata.Cluster;
import io.brook.client.internal.metadata.ClusterFixtures;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {

    private static final long LINGER = 100;
    private static final byte[] VALUE = new byte[100];
    private static final int BOUND = RecordBatchBuilder.recordSizeUpperBound(-1, VALUE.length, null);

    private final Cluster cluster = ClusterFixtures.cluster("t", 0, 1);
    private final AtomicInteger wakeups = new AtomicInteger();

    private RecordAccumulator accumulator(int batchSize, long memory) {
        return new RecordAccumulator(batchSize, LINGER, new BufferPool(memory, batchSize, CompressionType.NONE),
                wakeups::incrementAndGet);
    }

    private static CompletableFuture<RecordMetadata> append(RecordAccumulator acc, int partition, long now) {
        return acc.append("t", partition, now, null, VALUE, null, BOUND, 0, false, now);
    }

    @Test
    void aBatchBecomesReadyOnlyAfterLinger() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        append(acc, 0, 1000);

        RecordAccumulator.ReadyCheck early = acc.ready(cluster, 1000 + LINGER - 1, 60_000);
        RecordAccumulator.ReadyCheck late = acc.ready(cluster, 1000 + LINGER, 60_000);

        assertThat(early.nodes).isEmpty();
        assertThat(early.nextDelayMs).isEqualTo(1);
        assertThat(late.nodes).containsExactly(0);
    }

    @Test
    void aFullBatchIsReadyAtOnceAndANewOneIsStarted() {
        int batchSize = RecordBatch.HEADER_SIZE + 3 * BOUND;
        RecordAccumulator acc = accumulator(batchSize, 1 << 20);
        for (int i = 0; i < 4; i++) {
            append(acc, 0, 1000);
        }

        assertThat(acc.ready(cluster, 1000, 60_000).nodes).containsExactly(0);
        Map<Integer, List<ProducerBatch>> drained = acc.drain(cluster, Set.of(0), 1 << 20, 1000);
        assertThat(drained.get(0)).hasSize(1);
        assertThat(drained.get(0).get(0).recordCount()).isEqualTo(3);
        assertThat(acc.ready(cluster, 1000, 60_000).nodes).isEmpty();
        assertThat(wakeups.get()).isEqualTo(2);
    }

    @Test
    void drainTakesOneBatchPerPartitionGroupedByLeader() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        append(acc, 0, 1000);
        append(acc, 1, 1000);
        long later = 1000 + LINGER;

        Map<Integer, List<ProducerBatch>> drained = acc.drain(cluster, acc.ready(cluster, later, 60_000).nodes, 1 << 20, later);

        assertThat(drained).containsOnlyKeys(0, 1);
        assertThat(drained.get(0).get(0).tp).isEqualTo(new TopicPartition("t", 0));
        assertThat(drained.get(1).get(0).tp).isEqualTo(new TopicPartition("t", 1));
        assertThat(drained.get(0).get(0).isClosed()).isTrue();
    }

    @Test
    void drainStaysUnderTheRequestSizeButTakesAtLeastOneBatch() {
        Cluster oneLeader = ClusterFixtures.cluster("t", 0, 0, 0);
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        for (int p = 0; p < 3; p++) {
            append(acc, p, 1000);
        }

        Map<Integer, List<ProducerBatch>> drained = acc.drain(oneLeader, Set.of(0), 10, 2000);

        assertThat(drained.get(0)).hasSize(1);
    }

    @Test
    void flushMakesLingeringBatchesReady() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        append(acc, 0, 1000);

        acc.beginFlush();

        assertThat(acc.ready(cluster, 1000, 60_000).nodes).containsExactly(0);
    }

    @Test
    void appendingBlocksForMemoryThenFails() {
        int batchSize = RecordBatch.HEADER_SIZE + BOUND;
        RecordAccumulator acc = accumulator(batchSize, batchSize);
        append(acc, 0, 1000);

        assertThatThrownBy(() -> acc.append("t", 1, 1000, null, VALUE, null, BOUND, 20, false, 1000))
                .isInstanceOf(BufferExhaustedException.class);
    }

    @Test
    void completingABatchReturnsItsMemoryAndCompletesRecordsInOrder() throws Exception {
        RecordAccumulator acc = accumulator(16 * 1024, 16 * 1024);
        CompletableFuture<RecordMetadata> first = append(acc, 0, 1000);
        CompletableFuture<RecordMetadata> second = append(acc, 0, 1001);
        ProducerBatch batch = acc.drain(cluster, Set.of(0), 1 << 20, 5000).get(0).get(0);

        acc.succeed(batch, 42);

        assertThat(first.get()).isEqualTo(new RecordMetadata("t", 0, 42, 1000));
        assertThat(second.get()).isEqualTo(new RecordMetadata("t", 0, 43, 1001));
        assertThat(acc.incompleteCount()).isZero();
        append(acc, 0, 2000);
    }

    @Test
    void abortOnNewBatchLeavesTheChoiceToTheCaller() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);

        CompletableFuture<RecordMetadata> f = acc.append("t", 0, 1, null, VALUE, null, BOUND, 0, true, 1);

        assertThat(f).isSameAs(RecordAccumulator.ABORTED_FOR_NEW_BATCH);
        assertThat(acc.incompleteCount()).isZero();
    }

    @Test
    void retriedBatchesWaitForTheirBackoff() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        append(acc, 0, 1000);
        ProducerBatch batch = acc.drain(cluster, Set.of(0), 1 << 20, 2000).get(0).get(0);
        batch.attempts = 1;
        batch.retryAtMs = 2100;

        acc.reenqueue(batch);

        assertThat(acc.ready(cluster, 2050, 60_000).nodes).isEmpty();
        assertThat(acc.ready(cluster, 2050, 60_000).nextDelayMs).isEqualTo(50);
        assertThat(acc.ready(cluster, 2100, 60_000).nodes).containsExactly(0);
    }

    @Test
    void batchesPastTheDeliveryTimeoutExpire() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        append(acc, 0, 1000);

        assertThat(acc.expire(1999, 1000)).isEmpty();
        assertThat(acc.expire(2000, 1000)).hasSize(1);
        assertThat(acc.hasQueued()).isFalse();
    }

    @Test
    void unknownLeadersAreReported() {
        Cluster noLeader = ClusterFixtures.cluster("t", -1);
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        append(acc, 0, 1000);

        RecordAccumulator.ReadyCheck check = acc.ready(noLeader, 5000, 60_000);

        assertThat(check.unknownLeaders).isTrue();
        assertThat(check.nodes).isEmpty();
    }

    @Test
    void appendsAfterCloseFail() {
        RecordAccumulator acc = accumulator(16 * 1024, 1 << 20);
        acc.close();

        assertThatThrownBy(() -> append(acc, 0, 1)).isInstanceOf(BrookException.class).hasMessageContaining("closed");
    }
    @Test
    void returnedIdempotentBatchesGoBackInSequenceOrderAheadOfNewOnes() {
        RecordAccumulator acc = accumulator(RecordBatch.HEADER_SIZE + BOUND, 1 << 20);
        ProducerBatch[] sent = new ProducerBatch[3];
        for (int i = 0; i < 3; i++) {
            append(acc, 0, 1000);
            sent[i] = acc.drain(cluster, Set.of(0), 1 << 20, 2000).get(0).get(0);
            sent[i].order = i;
        }
        append(acc, 0, 1000);

        acc.reenqueue(sent[2]);
        acc.reenqueue(sent[0]);
        acc.reenqueue(sent[1]);

        for (int i = 0; i < 3; i++) {
            assertThat(acc.drain(cluster, Set.of(0), 1 << 20, 2000).get(0).get(0)).isSameAs(sent[i]);
        }
        assertThat(acc.drain(cluster, Set.of(0), 1 << 20, 2000).get(0).get(0).order).isEqualTo(-1);
    }
}
