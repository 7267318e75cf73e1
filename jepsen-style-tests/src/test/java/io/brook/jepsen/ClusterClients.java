package io.brook.jepsen;

import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.PartitionInfo;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import io.brook.jepsen.db.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Client calls that multi-process tests of a {@link LocalCluster} share: an admin, leaders, reading a topic back. */
final class ClusterClients {

    private ClusterClients() {}

    static Admin admin(LocalCluster cluster) {
        return new Admin(AdminConfig.builder().bootstrapServers(cluster.bootstrap()).defaultApiTimeoutMs(30_000).build());
    }

    /**
     * Waits until every partition of {@code topic} has a leader; metadata reaches brokers within a
     * poll interval, so a broker may not know a just-created topic yet.
     *
     * @return partition number to its description
     */
    static Map<Integer, PartitionInfo> awaitLeaders(Admin admin, String topic, int partitions) {
        Map<Integer, PartitionInfo> leaders = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            TopicDescription d = admin.describeTopics(List.of(topic)).get().get(topic);
            leaders.clear();
            for (PartitionInfo p : d.partitions()) {
                if (p.hasLeader()) {
                    leaders.put(p.partition(), p);
                }
            }
            return leaders.size() == partitions;
        });
        return leaders;
    }

    /** Every record of partitions 0 .. {@code partitions - 1} of {@code topic} up to their ends, in offset order per partition. */
    static List<ConsumerRecord> readAll(LocalCluster cluster, String topic, int partitions) {
        List<ConsumerRecord> records = new ArrayList<>();
        ConsumerConfig cc = ConsumerConfig.builder().bootstrapServers(cluster.bootstrap())
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).defaultApiTimeoutMs(30_000).build();
        try (Consumer consumer = new Consumer(cc)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                for (TopicPartition tp : tps) {
                    if (consumer.position(tp) < ends.get(tp)) {
                        return false;
                    }
                }
                return true;
            });
        }
        return records;
    }
}
