package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.BrookException;
import io.brook.client.BufferExhaustedException;
import io.brook.client.RecordTooLargeException;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void reusesBuildersOfTheBatchSize() {
        BufferPool pool = new BufferPool(4096, 1024, CompressionType.NONE);
        RecordBatchBuilder b = pool.allocate(1024, 0);
        b.append(1, null, new byte[10]);

        pool.deallocate(b, 1024);
        RecordBatchBuilder again = pool.allocate(1024, 0);

        assertThat(again).isSameAs(b);
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void countsMemoryOfBuildersInUse() {
        BufferPool pool = new BufferPool(4096, 1024, CompressionType.NONE);
        RecordBatchBuilder a = pool.allocate(1024, 0);
        RecordBatchBuilder big = pool.allocate(2048, 0);

        assertThat(pool.availableMemory()).isEqualTo(1024);
        pool.deallocate(big, 2048);
        pool.deallocate(a, 1024);
        assertThat(pool.availableMemory()).isEqualTo(4096);
    }

    @Test
    void failsAfterMaxBlockWhenMemoryStaysExhausted() {
        BufferPool pool = new BufferPool(2048, 1024, CompressionType.NONE);
        pool.allocate(1024, 0);
        pool.allocate(1024, 0);

        assertThatThrownBy(() -> pool.allocate(1024, 20))
                .isInstanceOf(BufferExhaustedException.class)
                .hasMessageContaining("buffer.memory")
                .hasMessageContaining("max.block.ms");
    }

    @Test
    void aBlockedAllocationProceedsWhenMemoryIsReturned() throws Exception {
        BufferPool pool = new BufferPool(2048, 1024, CompressionType.NONE);
        RecordBatchBuilder a = pool.allocate(1024, 0);
        pool.allocate(1024, 0);
        CompletableFuture<RecordBatchBuilder> blocked = CompletableFuture.supplyAsync(() -> pool.allocate(1024, 30_000));
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(pool::hasWaiters);

        pool.deallocate(a, 1024);

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isSameAs(a);
    }

    @Test
    void freesPooledBuildersForALargerAllocation() {
        BufferPool pool = new BufferPool(2048, 1024, CompressionType.NONE);
        RecordBatchBuilder a = pool.allocate(1024, 0);
        RecordBatchBuilder b = pool.allocate(1024, 0);
        pool.deallocate(a, 1024);
        pool.deallocate(b, 1024);

        RecordBatchBuilder big = pool.allocate(2048, 0);

        assertThat(big).isNotNull();
        assertThat(pool.availableMemory()).isZero();
    }

    @Test
    void rejectsABatchLargerThanTheWholeBudget() {
        BufferPool pool = new BufferPool(2048, 1024, CompressionType.NONE);

        assertThatThrownBy(() -> pool.allocate(4096, 0)).isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void closeFailsWaitingAllocations() throws Exception {
        BufferPool pool = new BufferPool(1024, 1024, CompressionType.NONE);
        pool.allocate(1024, 0);
        CompletableFuture<RecordBatchBuilder> blocked = CompletableFuture.supplyAsync(() -> pool.allocate(1024, 30_000));
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(pool::hasWaiters);

        pool.close();

        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BrookException.class);
    }
}
