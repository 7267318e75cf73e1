package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real consumer as a group member against a real broker's coordinator: two members share a
 * topic, a partition moves only after its owner revoked it, a member that closes leaves at once,
 * and a new member resumes from the committed offsets (which carry the Raft term of the last
 * record consumed).
 */
class ConsumerGroupEndToEndTest {

    private static final String TOPIC = "shared";
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 60;

    private BrokerFixture broker;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerFixture.start(Map.of());
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 1, Map.of()))).get(15, TimeUnit.SECONDS);
        }
        try (Producer producer = new Producer(TestClients.producer(broker).build())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord(TOPIC, i % PARTITIONS, null, null, ("v" + i).getBytes(), null));
            }
            producer.flush();
        }
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Consumer member(String group) {
        return new Consumer(TestClients.consumer(broker).groupId(group).build());
    }

    private static void pollUntil(BooleanSupplier done, List<ConsumerRecord> into, Consumer... consumers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached within 60 s").isLessThan(deadline);
            for (Consumer c : consumers) {
                c.poll(Duration.ofMillis(50)).forEach(into::add);
            }
        }
    }

    @Test
    void twoMembersShareATopicAndTheSurvivorTakesOverWhenOneCloses() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<ConsumerRecord> consumed = new ArrayList<>();
        Consumer a = member("g1");
        try (Consumer b = member("g1")) {
            a.subscribe(List.of(TOPIC), recorder("a", events));
            pollUntil(() -> a.assignment().size() == PARTITIONS, consumed, a);
            b.subscribe(List.of(TOPIC), recorder("b", events));
            pollUntil(() -> a.assignment().size() == PARTITIONS / 2 && b.assignment().size() == PARTITIONS / 2,
                    consumed, a, b);
            Set<TopicPartition> both = new HashSet<>(a.assignment());
            both.addAll(b.assignment());
            assertThat(both).hasSize(PARTITIONS);
            int revokedAt = events.indexOf(events.stream().filter(e -> e.startsWith("revoked:a")).findFirst().orElseThrow());
            int assignedAt = events.indexOf(events.stream().filter(e -> e.startsWith("assigned:b")).findFirst().orElseThrow());
            assertThat(revokedAt).isLessThan(assignedAt);

            a.close();
            pollUntil(() -> b.assignment().size() == PARTITIONS, consumed, b);
            pollUntil(() -> consumed.stream().map(r -> r.partition() + ":" + r.offset()).distinct().count() == RECORDS,
                    consumed, b);
        } finally {
            a.close();
        }
    }

    @Test
    void aNewMemberResumesFromTheCommittedOffsetsWithTheirTerms() {
        List<ConsumerRecord> first = new ArrayList<>();
        long resumeAt;
        try (Consumer c = member("g2")) {
            c.subscribe(List.of(TOPIC));
            pollUntil(() -> first.size() >= RECORDS, first, c);
            c.commitSync();
            Set<TopicPartition> all = new HashSet<>(c.assignment());
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(all);
            Map<TopicPartition, Long> ends = c.endOffsets(all);
            assertThat(all).hasSize(PARTITIONS).allSatisfy(tp -> {
                assertThat(committed.get(tp).offset()).isEqualTo(ends.get(tp));
                assertThat(committed.get(tp).term()).isPositive();
            });
            resumeAt = ends.get(new TopicPartition(TOPIC, 0));
        }
        try (Producer producer = new Producer(TestClients.producer(broker).build())) {
            producer.send(new ProducerRecord(TOPIC, 0, null, null, "late".getBytes(), null));
            producer.flush();
        }
        List<ConsumerRecord> second = new ArrayList<>();
        try (Consumer c = member("g2")) {
            c.subscribe(List.of(TOPIC));
            pollUntil(() -> !second.isEmpty(), second, c);
            assertThat(second).extracting(ConsumerRecord::offset).containsExactly(resumeAt);
            assertThat(new String(second.get(0).value())).isEqualTo("late");
        }
    }

    private static ConsumerRebalanceListener recorder(String name, List<String> events) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked:" + name + ":" + partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned:" + name + ":" + partitions);
            }
        };
    }
}
