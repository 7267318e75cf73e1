package io.brook.benchmarks.move;

import io.brook.benchmarks.DurableAppends;
import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.NewPartitionReassignment;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionReassignment;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Brook through its own client: {@link Admin#alterPartitionReassignments} with the move's throttle,
 * {@link Admin#listPartitionReassignments} and {@link Admin#describeTopics}. Brook chooses the replicas
 * of a new topic itself (no explicit assignment), so the benchmark reads where the partition landed.
 * The brokers are the ones {@code brook cluster up --data DIR} recorded in DIR/cluster.properties; a
 * broker started again is recorded in DIR/restarted.pids (node.N.pid=PID), which compare-moves.sh stops.
 */
final class BrookMoveSystem implements MoveSystem {

    private final String bootstrap;
    private final Admin admin;

    BrookMoveSystem(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).build());
    }

    @Override
    public String name() {
        return "brook";
    }

    @Override
    public void createTopic(String topic, int partitions, int replicationFactor, Map<Integer, List<Integer>> assignment)
            throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).get(60, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            Map<Integer, Part> d = null;
            try {
                d = describe(topic);
            } catch (ExecutionException e) {
                // the broker asked may not know the new topic yet
            }
            if (d != null && d.size() == partitions && d.values().stream().allMatch(p -> p.leader() >= 0)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after 120 s");
            }
            Thread.sleep(200);
        }
    }

    @Override
    public Map<Integer, Part> describe(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).get(30, TimeUnit.SECONDS).get(topic);
        Map<Integer, Part> out = new HashMap<>();
        if (d != null) {
            for (PartitionInfo p : d.partitions()) {
                out.put(p.partition(), new Part(p.leader(), p.replicas(), p.inSyncReplicas()));
            }
        }
        return out;
    }

    @Override
    public void reassign(String topic, int partition, List<Integer> target, long throttleBytesPerSec) throws Exception {
        admin.alterPartitionReassignments(List.of(new NewPartitionReassignment(new TopicPartition(topic, partition), target,
                throttleBytesPerSec)), false).get(60, TimeUnit.SECONDS);
    }

    @Override
    public boolean moving(String topic, int partition) throws Exception {
        for (PartitionReassignment r : admin.listPartitionReassignments().get(30, TimeUnit.SECONDS)) {
            if (r.partition().topic().equals(topic) && r.partition().partition() == partition) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Sender sender(int lingerMs, int batchSize) {
        Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap).acks("all")
                .lingerMs(lingerMs).batchSize(batchSize).build());
        return new Sender() {
            @Override
            public void send(String topic, int partition, byte[] value, java.util.function.Consumer<Throwable> done) {
                try {
                    producer.send(new ProducerRecord(topic, partition, null, value)).whenComplete((m, e) -> done.accept(e));
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
                producer.close(Duration.ofSeconds(30));
            }
        };
    }

    @Override
    public Brokers brokers(Path clusterDir) {
        Path record = clusterDir.resolve("cluster.properties");
        Path restarted = clusterDir.resolve("restarted.pids");
        return new Brokers() {
            private Properties props() throws IOException {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(record)) {
                    p.load(r);
                }
                if (Files.exists(restarted)) {
                    try (Reader r = Files.newBufferedReader(restarted)) {
                        p.load(r); // later pids of restarted brokers override the recorded ones
                    }
                }
                return p;
            }

            @Override
            public long pid(int id) throws Exception {
                return Long.parseLong(props().getProperty("node." + id + ".pid").trim());
            }

            @Override
            public List<String> command(int id) throws Exception {
                return Arrays.asList(props().getProperty("node." + id + ".command").trim().split(" +"));
            }

            @Override
            public Path logFile(int id) {
                try {
                    return Path.of(props().getProperty("node." + id + ".log").trim());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void started(int id, long pid) throws Exception {
                DurableAppends.append(restarted, "node." + id + ".pid=" + pid + "\n");
            }
        };
    }

    @Override
    public void close() {
        admin.close();
    }
}
