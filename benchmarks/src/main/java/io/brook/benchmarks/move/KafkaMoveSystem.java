package io.brook.benchmarks.move;

import io.brook.benchmarks.DurableAppends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Apache Kafka through kafka-clients' Admin: topics with an explicit replica assignment,
 * {@code alterPartitionReassignments} / {@code listPartitionReassignments}, and a throttle set the way
 * kafka-reassign-partitions --throttle sets it (the brokers' leader/follower.replication.throttled.rate,
 * the topic's leader.replication.throttled.replicas = the partition's current replicas and
 * follower.replication.throttled.replicas = the replicas being added), removed after the move as
 * its --verify does. The brokers are the ones ../shared/kafka-peer/run.sh start-cluster started:
 * WORK/pids (lines "pid id"; a restarted broker is appended, so run.sh stop finds it) and
 * /proc/PID/cmdline for the command.
 */
final class KafkaMoveSystem implements MoveSystem {

    private static final String[] RATES = {"leader.replication.throttled.rate", "follower.replication.throttled.rate"};
    private static final String[] REPLICAS = {"leader.replication.throttled.replicas", "follower.replication.throttled.replicas"};

    private final String bootstrap;
    private final Admin admin;

    KafkaMoveSystem(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void createTopic(String topic, int partitions, int replicationFactor, Map<Integer, List<Integer>> assignment)
            throws Exception {
        NewTopic t = assignment != null ? new NewTopic(topic, assignment) : new NewTopic(topic, partitions, (short) replicationFactor);
        admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            Map<Integer, Part> d = null;
            try {
                d = describe(topic);
            } catch (ExecutionException e) {
                // not known everywhere yet
            }
            if (d != null && d.size() == partitions && d.values().stream().allMatch(Part::fullyReplicated)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("topic " + topic + " not fully replicated after 120 s");
            }
            Thread.sleep(200);
        }
    }

    @Override
    public Map<Integer, Part> describe(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        Map<Integer, Part> out = new HashMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            out.put(p.partition(), new Part(p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id(), ids(p.replicas()), ids(p.isr())));
        }
        return out;
    }

    private static List<Integer> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).collect(Collectors.toList());
    }

    @Override
    public void reassign(String topic, int partition, List<Integer> target, long throttleBytesPerSec) throws Exception {
        if (throttleBytesPerSec > 0) {
            List<Integer> current = describe(topic).get(partition).replicas();
            List<Integer> added = new ArrayList<>(target);
            added.removeAll(current);
            String leaders = current.stream().map(b -> partition + ":" + b).collect(Collectors.joining(","));
            String followers = added.stream().map(b -> partition + ":" + b).collect(Collectors.joining(","));
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(REPLICAS[0], leaders), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry(REPLICAS[1], followers), AlterConfigOp.OpType.SET)));
            for (Node n : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
                List<AlterConfigOp> rate = new ArrayList<>();
                for (String r : RATES) {
                    rate.add(new AlterConfigOp(new ConfigEntry(r, Long.toString(throttleBytesPerSec)), AlterConfigOp.OpType.SET));
                }
                ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(n.id())), rate);
            }
            admin.incrementalAlterConfigs(ops).all().get(60, TimeUnit.SECONDS);
        }
        admin.alterPartitionReassignments(Map.of(new TopicPartition(topic, partition),
                Optional.of(new NewPartitionReassignment(target)))).all().get(60, TimeUnit.SECONDS);
    }

    @Override
    public boolean moving(String topic, int partition) throws Exception {
        return admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS)
                .containsKey(new TopicPartition(topic, partition));
    }

    @Override
    public void afterMove(String topic) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                new AlterConfigOp(new ConfigEntry(REPLICAS[0], ""), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry(REPLICAS[1], ""), AlterConfigOp.OpType.DELETE)));
        for (Node n : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
            List<AlterConfigOp> rate = new ArrayList<>();
            for (String r : RATES) {
                rate.add(new AlterConfigOp(new ConfigEntry(r, ""), AlterConfigOp.OpType.DELETE));
            }
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(n.id())), rate);
        }
        admin.incrementalAlterConfigs(ops).all().get(60, TimeUnit.SECONDS);
    }

    @Override
    public Sender sender(int lingerMs, int batchSize) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        return new Sender() {
            @Override
            public void send(String topic, int partition, byte[] value, java.util.function.Consumer<Throwable> done) {
                try {
                    producer.send(new ProducerRecord<>(topic, partition, null, value), (m, e) -> done.accept(e));
                } catch (RuntimeException e) {
                    done.accept(e);
                }
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close(java.time.Duration.ofSeconds(30));
            }
        };
    }

    @Override
    public Brokers brokers(Path workDir) {
        Path pids = workDir.resolve("pids");
        return new Brokers() {
            @Override
            public long pid(int id) throws Exception {
                long pid = -1;
                for (String line : Files.readAllLines(pids)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 2 && Integer.parseInt(f[1]) == id) {
                        pid = Long.parseLong(f[0]);
                    }
                }
                if (pid < 0) {
                    throw new IllegalStateException("no pid of Kafka node " + id + " in " + pids);
                }
                return pid;
            }

            @Override
            public List<String> command(int id) throws Exception {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid(id)), "cmdline"));
                List<String> args = new ArrayList<>();
                int from = 0;
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == 0) {
                        args.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
                        from = i + 1;
                    }
                }
                return args;
            }

            @Override
            public Path logFile(int id) {
                return workDir.resolve("server-" + id + ".log");
            }

            @Override
            public void started(int id, long pid) throws Exception {
                DurableAppends.append(pids, pid + " " + id + "\n");
            }
        };
    }

    @Override
    public void close() {
        admin.close();
    }
}
