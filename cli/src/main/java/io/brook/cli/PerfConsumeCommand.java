package io.brook.cli;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook perf consume}: the counterpart of Kafka's kafka-consumer-perf-test.
 *
 * <p>What is timed: from after {@code assign()} and {@code seekToBeginning()} (the partition lookup is
 * before, outside) to the {@code poll()} that returns the N-th record; the offset lookup, which the seek
 * leaves to the first poll, is inside; {@code close()} is outside. That is what Kafka's tool reports as
 * its fetch-only figure ({@code fetch.MB.sec}, {@code fetch.nMsg.sec}: its run minus the group join,
 * which is where its partitions become known), so benchmarks/compare-kafka.sh compares with that one.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Measure consumer throughput.",
                "Reads N records from the beginning of every partition of a topic as fast as possible and reports MiB/s "
                        + "and records/s (bytes are keys plus values, as Kafka's tool counts them)."})
public final class PerfConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to read (every partition, from the beginning).")
    String topic;

    @Option(names = {"-n", "--messages"}, required = true, paramLabel = "N", description = "Records to read.")
    long messages;

    @Option(names = "--fetch-max-bytes", paramLabel = "BYTES", defaultValue = "52428800", description = "Default: ${DEFAULT-VALUE}.")
    int fetchMaxBytes;

    @Option(names = "--max-partition-fetch-bytes", paramLabel = "BYTES", defaultValue = "1048576", description = "Default: ${DEFAULT-VALUE}.")
    int maxPartitionFetchBytes;

    @Option(names = "--reporting-interval-ms", paramLabel = "MS", defaultValue = "5000", description = "Progress line interval (default: ${DEFAULT-VALUE}).")
    long reportMs;

    @Override
    public Integer call() {
        ConsumerConfig config = ConsumerConfig.builder()
                .bootstrapServers(connection.bootstrap()).security(connection.security())
                .clientId("brook-perf-consume")
                .autoOffsetReset(OffsetResetStrategy.EARLIEST)
                .fetchMaxBytes(fetchMaxBytes)
                .maxPartitionFetchBytes(maxPartitionFetchBytes)
                .defaultApiTimeoutMs(connection.timeoutMs)
                .build();
        PrintWriter err = spec.commandLine().getErr();
        long records = 0;
        long bytes = 0;
        long start;
        long end;
        try (Consumer consumer = new Consumer(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            int n = consumer.partitionsFor(topic).size();
            for (int i = 0; i < n; i++) {
                partitions.add(new TopicPartition(topic, i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start = System.nanoTime();
            long lastReport = start;
            long lastRecords = 0;
            long lastBytes = 0;
            long lastProgressAt = start;
            end = start;
            while (records < messages) {
                int got = 0;
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    got++;
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    if (records >= messages) {
                        break;
                    }
                }
                long now = System.nanoTime();
                if (got > 0) {
                    end = now;
                    lastProgressAt = now;
                } else if ((now - lastProgressAt) / 1_000_000 > connection.timeoutMs) {
                    throw new CliException(ExitCodes.FAILED, "no records for " + connection.timeoutMs + " ms after reading " + records
                            + " of " + messages + "; is the topic that large?");
                }
                if (now - lastReport >= reportMs * 1_000_000) {
                    double secs = (now - lastReport) / 1e9;
                    err.printf("%d records read, %.1f records/sec (%.2f MiB/sec).%n", records - lastRecords,
                            (records - lastRecords) / secs, (bytes - lastBytes) / secs / (1024 * 1024));
                    err.flush();
                    lastReport = now;
                    lastRecords = records;
                    lastBytes = bytes;
                }
            }
        }
        double secs = Math.max(1e-9, (end - start) / 1e9);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", records);
        m.put("mib", LatencyStats.round(bytes / (1024.0 * 1024)));
        m.put("seconds", LatencyStats.round(secs));
        m.put("records_per_sec", LatencyStats.round(records / secs));
        m.put("mib_per_sec", LatencyStats.round(bytes / secs / (1024 * 1024)));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(m));
        } else {
            out.printf("%d records (%.2f MiB) read in %.2f s: %.1f records/sec, %.2f MiB/sec.%n",
                    records, m.get("mib"), secs, m.get("records_per_sec"), m.get("mib_per_sec"));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
