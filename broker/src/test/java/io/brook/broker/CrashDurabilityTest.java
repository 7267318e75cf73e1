package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a broker process with SIGKILL while a producer streams acks=all records to it, restarts it
 * on the same data, and checks that every acknowledged record is there exactly once, at the offset
 * it was acknowledged with, in send order. Records not acknowledged may or may not be there.
 *
 * <p>The broker runs in a child JVM ({@link BrokerMain}) so that it can really die mid-write. A
 * killed process leaves the page cache intact, so this checks recovery after a process crash; loss
 * of unsynced data in a power failure is simulated by storage's {@code LogPropertyTest}.
 */
class CrashDurabilityTest {

    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 2;

    @TempDir
    Path dataDir;

    /** The child JVM's java.io.tmpdir: RocksDB's native library, extracted there, goes with the test. */
    @TempDir
    Path jvmTmpDir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a broker JVM on the data directory and returns its port. */
    private Process startBroker(CompletableFuture<Integer> port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + jvmTmpDir, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                "listener=127.0.0.1:0", "data.dir=" + dataDir, "log.threads=2", "network.threads=2",
                // only the acks=all group commit fsyncs while the test runs
                "log.flush.interval.ms=600000"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        children.add(p);
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("[broker " + p.pid() + "] " + line);
                    if (line.startsWith(BrokerMain.PORT_LINE)) {
                        port.complete(Integer.parseInt(line.substring(BrokerMain.PORT_LINE.length()).trim()));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            port.completeExceptionally(new IllegalStateException("the broker process exited before listening"));
        }, "broker-output-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    private int start() throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        startBroker(port);
        return port.get(60, TimeUnit.SECONDS);
    }

    private static String bootstrap(int port) {
        return "127.0.0.1:" + port;
    }

    private static ProducerRecord record(int seq) {
        return new ProducerRecord(TOPIC, seq % PARTITIONS, ("k" + seq).getBytes(StandardCharsets.UTF_8),
                ("seq-" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static int seqOf(ConsumerRecord r) {
        return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).substring("seq-".length()));
    }

    @Test
    void every_acknowledged_record_survives_a_kill_exactly_once_and_in_order() throws Exception {
        // given a broker process with a topic
        int port = start();
        try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap(port)).defaultApiTimeoutMs(15_000).build())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, 1))).get(15, TimeUnit.SECONDS);
        }

        // when it is killed with SIGKILL while a producer streams acks=all records to it
        Process first = children.get(0);
        StreamingProducer stream;
        Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap(port)).acks("all")
                .lingerMs(1).batchSize(4096).maxBlockMs(5_000).requestTimeoutMs(10_000).deliveryTimeoutMs(20_000).build());
        try {
            stream = new StreamingProducer(producer, CrashDurabilityTest::record, 5_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> stream.acknowledged() >= 20_000);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the broker process died").isTrue();
            stream.stop();
        } finally {
            producer.close(Duration.ZERO);
        }
        Map<Integer, RecordMetadata> acknowledged = stream.acked();
        System.out.println("sent " + stream.sent().size() + ", acknowledged " + acknowledged.size() + ", failed " + stream.failed());

        // and a new broker process recovers the same data
        int restarted = start();

        // then every acknowledged record is at its acknowledged offset, once, and offsets follow send order
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartition(TOPIC, p));
        }
        Map<Integer, Map<Long, Integer>> log = new HashMap<>();
        Map<Integer, Integer> occurrences = new HashMap<>();
        try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap(restarted))
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).defaultApiTimeoutMs(15_000).build())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            for (ConsumerRecord r : RecordStream.consumeToEnd(consumer, tps, Duration.ofSeconds(60))) {
                log.computeIfAbsent(r.partition(), p -> new HashMap<>()).put(r.offset(), seqOf(r));
                occurrences.merge(seqOf(r), 1, Integer::sum);
            }
        }
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (Map.Entry<Integer, RecordMetadata> e : acknowledged.entrySet()) {
            int seq = e.getKey();
            RecordMetadata md = e.getValue();
            assertThat(log.getOrDefault(md.partition(), Map.of()).get(md.offset()))
                    .as("record at %s@%d, acknowledged for seq %d", TOPIC + "-" + md.partition(), md.offset(), seq).isEqualTo(seq);
            assertThat(occurrences.get(seq)).as("copies of acknowledged seq %d", seq).isEqualTo(1);
            Long previous = lastOffset.put(md.partition(), md.offset());
            assertThat(previous == null || previous < md.offset()).as("seq %d comes after the previous acknowledged record", seq).isTrue();
        }

        // and new records continue after the recovered end of the log
        try (Producer after = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap(restarted)).acks("all").build());
             Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap(restarted)).build())) {
            long end = consumer.endOffsets(List.of(tps.get(0))).get(tps.get(0));
            assertThat(after.send(record(0)).get(15, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(end);
        }
    }
}
