package io.brook.benchmarks.group;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka 4.4 through kafka-clients: {@code group.protocol=consumer} (KIP-848, the coordinator assigns,
 * uniform assignor by default) or {@code group.protocol=classic} with the cooperative-sticky assignor.
 * In KIP-848 the session timeout and heartbeat interval are broker settings
 * ({@code group.consumer.session.timeout.ms}, {@code group.consumer.heartbeat.interval.ms}); in the
 * classic protocol they are the consumer's.
 */
final class KafkaGroupSystem implements GroupSystem {

    private final Settings settings;
    private final boolean kip848;

    KafkaGroupSystem(Settings settings, boolean kip848) {
        this.settings = settings;
        this.kip848 = kip848;
    }

    @Override
    public String name() {
        return kip848 ? "kafka-consumer" : "kafka-classic";
    }

    @Override
    public void createTopic(String topic, int partitions, int replicationFactor) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor)
                    .configs(Map.of("min.insync.replicas", "1")))).all().get(60, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                if (d.partitions().size() == partitions && d.partitions().stream().allMatch(i -> i.leader() != null)) {
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
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public Sender sender(String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        AtomicLong failures = new AtomicLong();
        return new Sender() {
            @Override
            public void send(int partition, byte[] value) {
                producer.send(new ProducerRecord<>(topic, partition, null, value), (m, e) -> {
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
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, Boolean.toString(autoCommit));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (kip848) {
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        } else {
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(settings.sessionTimeoutMs()));
            if (settings.heartbeatIntervalMs() > 0) {
                p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(settings.heartbeatIntervalMs()));
            }
        }
        return new KafkaMember(new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer()), topic, listener);
    }

    @Override
    public void close() {}

    private static final class KafkaMember implements Member {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final Member.Listener listener;

        KafkaMember(KafkaConsumer<byte[], byte[]> consumer, String topic, Member.Listener listener) {
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
            ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
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
