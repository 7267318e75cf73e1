package io.brook.cli;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brook perf e2e}: the counterpart of Kafka's EndToEndLatency tool. */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = {"Measure end-to-end latency.",
                "Sends one record at a time and waits until a consumer reads it back, N times; reports the end-to-end "
                        + "latency percentiles (send to receive, one record in flight: a low-load measure)."})
public final class PerfEndToEndCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to write to and read from (must exist).")
    String topic;

    @Option(names = {"-n", "--num-records"}, defaultValue = "10000", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int numRecords;

    @Option(names = "--record-size", defaultValue = "1024", paramLabel = "BYTES", description = "Default: ${DEFAULT-VALUE}.")
    int recordSize;

    @Option(names = "--acks", defaultValue = "all", paramLabel = "all|1", description = "Default: ${DEFAULT-VALUE}.")
    String acks;

    @Option(names = "--warmup", defaultValue = "500", paramLabel = "N", description = "Round trips before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        ProducerConfig pc = ProducerConfig.builder().bootstrapServers(connection.bootstrap()).security(connection.security()).clientId("brook-perf-e2e")
                .acks(acks).lingerMs(0).build();
        ConsumerConfig cc = ConsumerConfig.builder().bootstrapServers(connection.bootstrap()).security(connection.security()).clientId("brook-perf-e2e")
                .autoOffsetReset(OffsetResetStrategy.LATEST).fetchMinBytes(1).fetchMaxWaitMs(500).build();
        Histogram h = new Histogram(3_600_000_000L, 3);
        Random random = new Random(7);
        try (Producer producer = new Producer(pc); Consumer consumer = new Consumer(cc)) {
            List<TopicPartition> partitions = new ArrayList<>();
            int n = consumer.partitionsFor(topic).size();
            for (int i = 0; i < n; i++) {
                partitions.add(new TopicPartition(topic, i));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition tp : partitions) {
                consumer.position(tp);
            }
            for (int i = 0; i < warmup + numRecords; i++) {
                byte[] value = new byte[recordSize];
                random.nextBytes(value);
                long begin = System.nanoTime();
                producer.send(new ProducerRecord(topic, value)).get();
                awaitRecord(consumer, value);
                long micros = (System.nanoTime() - begin) / 1000;
                if (i >= warmup) {
                    h.recordValue(micros);
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", numRecords);
        m.putAll(LatencyStats.summary(h));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(m));
        } else {
            out.printf("%d round trips: avg %.2f ms, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms.%n", numRecords,
                    m.get("avg_ms"), m.get("p50_ms"), m.get("p99_ms"), m.get("p999_ms"), m.get("max_ms"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void awaitRecord(Consumer consumer, byte[] value) {
        long deadline = System.nanoTime() + connection.timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(100))) {
                if (Arrays.equals(r.value(), value)) {
                    return;
                }
            }
        }
        throw new CliException(ExitCodes.UNAVAILABLE, "a sent record did not come back within " + connection.timeoutMs + " ms");
    }
}
