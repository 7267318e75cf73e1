package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Metadata images that only record broker heartbeats (the same topics and assignments as the image
 * before) do not make a broker walk every partition and list its logs directory again (issue 15: that
 * walk was about 30% of an idle broker's CPU with 1,000 partitions); an image that changes the topics
 * still gets the full pass, so new replicas are created.
 */
class IdleImagesTest {

    @Test
    void heartbeat_images_skip_the_replica_pass_and_a_new_topic_still_gets_its_replicas() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(3, Map.of())) {
            cluster.start();
            try (GroupCalls any = new GroupCalls(cluster.port(1))) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic("first", 3, 3));
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.broker(3).partitions().get("first", 2) != null);

                // heartbeats keep producing images; once leaders are reported, they name the same topics
                long[] start = cluster.broker(3).replicaManager().passes().get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(cluster.broker(3).replicaManager().passes().get(10, TimeUnit.SECONDS)[1])
                                .as("images skipped as unchanged").isGreaterThanOrEqualTo(start[1] + 3));

                // a topic created now still reaches every broker
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic("second", 2, 3));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (int b = 1; b <= 3; b++) {
                        assertThat(cluster.broker(b).partitions().get("second", 0)).as("broker %d, second-0", b).isNotNull();
                        assertThat(cluster.broker(b).partitions().get("second", 1)).as("broker %d, second-1", b).isNotNull();
                    }
                });
            }
        }
    }
}
