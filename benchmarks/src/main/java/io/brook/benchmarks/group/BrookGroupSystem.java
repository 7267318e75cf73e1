package io.brook.benchmarks.group;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.ConsumerRecord;
import io.brook.client.ConsumerRecords;
import io.brook.client.NewTopic;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.PartitionInfo;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brook through its own public client: {@link Consumer#subscribe} with a rebalance listener, the
 * coordinator's default assignor, and the brokers' session timeout and heartbeat interval.
 */
public final class BrookGroupSystem implements GroupSystem {

    private final Settings settings;

    public BrookGroupSystem(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "brook";
    }

    @Override
    public void createTopic(String topic, int partitions, int replicationFactor) throws Exception {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(settings.bootstrap()).build())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).get(60, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                TopicDescription d = null;
                try {
                    d = admin.describeTopics(List.of(topic)).get(30, TimeUnit.SECONDS).get(topic);
                } catch (ExecutionException e) {
                    // the broker asked may not know the new topic yet (its metadata follows the controller's)
                }
                if (d != null && d.partitions().size() == partitions && d.partitions().stream().allMatch(PartitionInfo::hasLeader)) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has partitions without a leader after 120 s");
                }
                Thread.sleep(500);
            }
        }
    }

    @Override
    public void deleteTopic(String topic) throws Exception {
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(settings.bootstrap()).build())) {
            admin.deleteTopics(List.of(topic)).get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public Sender sender(String topic) {
        Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(settings.bootstrap())
                .acks(1).lingerMs(5).enableIdempotence(false).build());
        AtomicLong failures = new AtomicLong();
        return new Sender() {
            @Override
            public void send(int partition, byte[] value) {
                producer.send(new ProducerRecord(topic, partition, null, value)).whenComplete((m, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                    }
                });
            }

            @Override
            public long failures() {
                return failures.get();
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(10));
            }
        };
    }

    @Override
    public Member member(String group, String clientId, String topic, boolean autoCommit, Member.Listener listener) {
        Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(settings.bootstrap()).clientId(clientId)
                .groupId(group).enableAutoCommit(autoCommit).autoOffsetReset(OffsetResetStrategy.EARLIEST).build());
        return new BrookMember(consumer, topic, listener);
    }

    @Override
    public void close() {}

    private static final class BrookMember implements Member {
        private final Consumer consumer;
        private final String topic;
        private final Member.Listener listener;

        BrookMember(Consumer consumer, String topic, Member.Listener listener) {
            this.consumer = consumer;
            this.topic = topic;
            this.listener = listener;
        }

        @Override
        public void subscribe() {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    listener.revoked(Payload.numbers(partitions, TopicPartition::partition));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    listener.assigned(Payload.numbers(partitions, TopicPartition::partition));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    listener.lost(Payload.numbers(partitions, TopicPartition::partition));
                }
            });
        }


        @Override
        public void poll(Duration timeout, Sink sink) {
            ConsumerRecords records = consumer.poll(timeout);
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord> list = records.records(tp);
                sink.delivered(tp.partition(), list.size(), Payload.oldestSent(list, ConsumerRecord::value));
            }
        }

        @Override
        public long position(int partition) {
            return consumer.position(new TopicPartition(topic, partition));
        }

        @Override
        public void commit(int partition, long offset) {
            consumer.commitSync(Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
