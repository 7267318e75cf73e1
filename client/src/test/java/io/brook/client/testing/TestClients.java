package io.brook.client.testing;

import io.brook.client.AdminConfig;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.ProducerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Client configs tuned for tests against a {@link FakeCluster}: short timeouts and backoffs. */
public final class TestClients {

    private TestClients() {}

    public static ProducerConfig.Builder producer(FakeCluster cluster) {
        return ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).lingerMs(1).requestTimeoutMs(2_000)
                .deliveryTimeoutMs(10_000).maxBlockMs(5_000).retryBackoffMs(10).retryBackoffMaxMs(100);
    }

    public static ConsumerConfig.Builder consumer(FakeCluster cluster) {
        return ConsumerConfig.builder().bootstrapServers(cluster.bootstrap()).fetchMaxWaitMs(50).requestTimeoutMs(2_000)
                .defaultApiTimeoutMs(5_000).retryBackoffMs(10).retryBackoffMaxMs(100)
                .autoOffsetReset(OffsetResetStrategy.EARLIEST);
    }

    public static AdminConfig.Builder admin(FakeCluster cluster) {
        return AdminConfig.builder().bootstrapServers(cluster.bootstrap()).requestTimeoutMs(2_000)
                .defaultApiTimeoutMs(5_000).retryBackoffMs(10).retryBackoffMaxMs(100);
    }

    /**
     * Waits up to 20 s for {@code future} to fail.
     *
     * @return its failure
     * @throws AssertionError when it succeeds or does not complete in time
     */
    public static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not fail", e);
        }
        throw new AssertionError("the future succeeded");
    }

    /**
     * Polls until {@code count} records arrived or {@code max} passed.
     *
     * @return the records, in poll order
     */
    public static List<ConsumerRecord> pollUntil(Consumer consumer, int count, Duration max) {
        List<ConsumerRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        return out;
    }
}
