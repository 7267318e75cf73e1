package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.partition.TopicPartition;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker that is down while a move takes its replica away deletes that replica when it comes back:
 * the metadata no longer names it, so the broker never opens the replica, and only a look at what lies
 * on disk finds it (found by ReplicaMoveProcessTest: the directory stayed for good).
 */
class MovedWhileDownTest {

    private static final String TOPIC = "left-behind";

    @Test
    void a_replica_moved_away_while_its_broker_was_down_is_deleted_when_the_broker_returns() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(3, Map.of())) {
            cluster.start();
            // given a partition of RF 3 with a replica on broker 3
            try (GroupCalls any = new GroupCalls(cluster.port(1))) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic(TOPIC, 1, 3));
            }
            Path dir = cluster.broker(3).partitions().logDir(new TopicPartition(TOPIC, 0));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(dir) && cluster.broker(3).partitions().get(TOPIC, 0) != null);

            // when broker 3 is down while the partition moves to brokers 1 and 2, and then comes back
            cluster.stop(3);
            assertThat(cluster.broker(1).metadata().reassignPartitions(List.of(new Reassignment(TOPIC, 0, List.of(1, 2), 0)), false)
                    .get(30, TimeUnit.SECONDS).ok()).isTrue();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                PartitionAssignment a = cluster.broker(1).metadata().image().topics().get(TOPIC).partitions().get(0);
                assertThat(a.replicas()).isEqualTo(List.of(1, 2));
                assertThat(a.moving()).isFalse();
            });
            assertThat(dir).as("the replica broker 3 left behind").isDirectory();
            Broker back = cluster.start(3);

            // then broker 3 deletes the replica it no longer holds
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dir).as("replica directory on broker 3").doesNotExist());
            assertThat(back.partitions().get(TOPIC, 0)).isNull();
        }
    }
}
