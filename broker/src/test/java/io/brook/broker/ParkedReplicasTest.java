package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.partition.Partition;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The replicas of an idle group are parked by their log thread (ticked once per election timeout,
 * issue 15: ticking every idle group every tick was most of an idle broker's CPU with 10,000
 * partitions), and an append wakes them: it commits as promptly as before, and they park again.
 */
class ParkedReplicasTest {

    private static final String TOPIC = "idle";
    private static final int PARTITIONS = 3;

    @Test
    void idle_replicas_park_and_an_append_wakes_their_group() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(3, Map.of())) {
            cluster.start();
            try (GroupCalls any = new GroupCalls(cluster.port(1))) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic(TOPIC, PARTITIONS, 3));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertAllParked(cluster));

            // parked: ticked once per election timeout (10 ticks), while its thread ticks every tick
            Partition parked = cluster.broker(1).partitions().get(TOPIC, 1);
            long threadBefore = parked.owner().ticksRun();
            long replicaBefore = parked.ticks();
            await().atMost(Duration.ofSeconds(60)).until(() -> parked.owner().ticksRun() >= threadBefore + 50);
            long replicaTicks = parked.ticks() - replicaBefore;
            long threadTicks = parked.owner().ticksRun() - threadBefore;
            assertThat(parked.isParked()).isTrue();
            assertThat(replicaTicks).as("ticks of a parked replica while its thread ran %d", threadTicks)
                    .isBetween(threadTicks / 10 - 1, threadTicks / 10 + 1);

            int leader = cluster.leaderOf(TOPIC, 0);
            assertThat(leader).isPositive();
            try (Producer p = new Producer(ProducerConfig.builder()
                    .bootstrapServers("127.0.0.1:" + cluster.port(leader)).clientId("parked-test").acks("all")
                    .maxBlockMs(15_000).requestTimeoutMs(15_000).deliveryTimeoutMs(30_000).build())) {
                for (int i = 0; i < 3; i++) {
                    long offset = p.send(new ProducerRecord(TOPIC, 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                            .get(15, TimeUnit.SECONDS).offset();
                    assertThat(offset).isGreaterThanOrEqualTo(i);
                    // every append finds the group parked again only after it went quiet
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertAllParked(cluster));
                }
            }
            for (int b = 1; b <= 3; b++) {
                assertThat(cluster.broker(b).partitions().get(TOPIC, 0).highWatermark()).as("broker %d", b).isGreaterThanOrEqualTo(3);
            }
        }
    }

    private static void assertAllParked(InProcessCluster cluster) {
        for (int b = 1; b <= 3; b++) {
            for (int i = 0; i < PARTITIONS; i++) {
                Partition replica = cluster.broker(b).partitions().get(TOPIC, i);
                assertThat(replica).as("broker %d, %s-%d", b, TOPIC, i).isNotNull();
                assertThat(replica.isParked()).as("broker %d, %s-%d parked", b, TOPIC, i).isTrue();
            }
        }
    }
}
