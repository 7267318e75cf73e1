package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.partition.Partition;
import io.brook.broker.RecordStream.Sent;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.TopicPartition;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three brokers in this JVM: partitions of RF 2 move, under an acks=all load, each to a set that
 * drops its preferred leader (usually its leader) for the broker that held no replica. The move goes
 * through the partition's Raft (learner, promotion, removal, leadership handed over first), the
 * controller records it complete, the old broker deletes its replica, and every acknowledged record is
 * readable at its offset from the new replicas, whose logs are byte-identical below the commit end.
 */
class ReplicaMoveTest {

    private static final String TOPIC = "moving";
    private static final int PARTITIONS = 3;

    private InProcessCluster cluster;

    @Test
    void partitions_move_to_another_broker_under_load_and_the_old_replica_goes() throws Exception {
        long seed = RecordStream.seed();
        System.out.println("replica move seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        try (InProcessCluster c = new InProcessCluster(3, Map.of())) {
            cluster = c.start();
            try (GroupCalls any = new GroupCalls(cluster.port(1))) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic(TOPIC, PARTITIONS, 2));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.IntStream.range(0, PARTITIONS).allMatch(p -> leaderOf(p) > 0));
            StreamingProducer stream;
            Map<Integer, List<Integer>> targets = new HashMap<>();
            Map<Integer, Integer> leaving = new HashMap<>();
            try (Producer producer = new Producer(producerConfig())) {
                // given a producer streaming acks=all records to every partition
                stream = new StreamingProducer(producer, i -> RecordStream.generate(TOPIC, PARTITIONS, seed, i, 1).get(0), 500);
                await().atMost(Duration.ofSeconds(30)).until(() -> stream.acknowledged() >= 2_000);

                // when each partition moves off its preferred leader to the broker without a replica
                List<Reassignment> moves = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    List<Integer> replicas = assignment(p).replicas();
                    int newcomer = java.util.stream.IntStream.rangeClosed(1, 3).filter(b -> !replicas.contains(b)).findFirst().orElseThrow();
                    List<Integer> target = List.of(newcomer, replicas.get(1));
                    targets.put(p, target);
                    leaving.put(p, replicas.get(0));
                    moves.add(new Reassignment(TOPIC, p, target, 0));
                }
                assertThat(cluster.broker(1).metadata().reassignPartitions(moves, false).get(30, TimeUnit.SECONDS).ok()).isTrue();
                int atMove = stream.acknowledged();

                // then the controller records every move complete, with the load still flowing
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (int p = 0; p < PARTITIONS; p++) {
                        PartitionAssignment a = assignment(p);
                        assertThat(a.replicas()).as("replicas of partition %d", p).isEqualTo(targets.get(p));
                        assertThat(a.moving()).isFalse();
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> stream.acknowledged() >= atMove + 2_000);
                stream.stop();
            }
            // and the brokers that left delete their replicas
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    Broker gone = cluster.broker(leaving.get(p));
                    assertThat(gone.partitions().get(TOPIC, p)).as("replica of partition %d on broker %d", p, leaving.get(p)).isNull();
                    assertThat(Files.exists(gone.partitions().logDir(new io.brook.broker.partition.TopicPartition(TOPIC, p)))).isFalse();
                }
            });

            // and every acknowledged record is at its offset
            List<Sent> acknowledged = new ArrayList<>();
            stream.acked().forEach((i, md) -> acknowledged.add(new Sent(stream.sent().get(i), md)));
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(4_000);
            System.out.println("sent " + stream.sent().size() + ", acknowledged " + acknowledged.size() + ", failed " + stream.failed());
            List<ConsumerRecord> all;
            try (Consumer consumer = new Consumer(consumerConfig())) {
                List<TopicPartition> tps = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    tps.add(new TopicPartition(TOPIC, p));
                }
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                all = RecordStream.consumeToEnd(consumer, tps, Duration.ofSeconds(60));
            }
            Map<String, ConsumerRecord> byPosition = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord r : all) {
                assertThat(seen.add(r.partition() + "@" + r.offset())).as("offset read twice").isTrue();
                byPosition.put(r.partition() + "@" + r.offset(), r);
            }
            for (Sent s : acknowledged) {
                ConsumerRecord got = byPosition.get(s.partition() + "@" + s.metadata().offset());
                assertThat(got).as("acknowledged record at %d@%d", s.partition(), s.metadata().offset()).isNotNull();
                assertThat(RecordStream.mismatch(s, got, s.metadata().offset())).isNull();
            }
            // and the final replicas' logs are byte-identical below the commit end
            for (int p = 0; p < PARTITIONS; p++) {
                List<Integer> target = targets.get(p);
                Partition first = cluster.broker(target.get(0)).partitions().get(TOPIC, p);
                Partition second = cluster.broker(target.get(1)).partitions().get(TOPIC, p);
                long end = Math.min(first.highWatermark(), second.highWatermark());
                assertThat(end).isPositive();
                assertThat(bytes(first.log(), end)).as("log of partition %d below %d", p, end).isEqualTo(bytes(second.log(), end));
            }
        }
    }

    private PartitionAssignment assignment(int p) {
        return cluster.broker(1).metadata().image().topics().get(TOPIC).partitions().get(p);
    }

    private int leaderOf(int p) {
        return cluster.leaderOf(TOPIC, p);
    }

    /** The log's bytes of every whole batch below {@code end}. */
    private static byte[] bytes(PartitionLog log, long end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = log.logStartOffset();
        while (next < end) {
            try (ReadResult r = log.read(next, 1024 * 1024, end)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
                ByteBuffer b = r.slice().readAll();
                out.write(b.array(), b.arrayOffset(), b.remaining());
                next = r.slice().lastOffset() + 1;
            }
        }
        return out.toByteArray();
    }

    private String bootstrap() {
        return "127.0.0.1:" + cluster.port(1) + ",127.0.0.1:" + cluster.port(2) + ",127.0.0.1:" + cluster.port(3);
    }

    private ProducerConfig producerConfig() {
        return ProducerConfig.builder().bootstrapServers(bootstrap()).clientId("mover-producer").acks("all").lingerMs(1)
                .maxBlockMs(15_000).requestTimeoutMs(15_000).deliveryTimeoutMs(60_000).retryBackoffMs(20).retryBackoffMaxMs(200).build();
    }

    private ConsumerConfig consumerConfig() {
        return ConsumerConfig.builder().bootstrapServers(bootstrap()).clientId("mover-consumer").autoOffsetReset(OffsetResetStrategy.EARLIEST)
                .requestTimeoutMs(15_000).defaultApiTimeoutMs(15_000).retryBackoffMs(20).retryBackoffMaxMs(200).build();
    }
}
