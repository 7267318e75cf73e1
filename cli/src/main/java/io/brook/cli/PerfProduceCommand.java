package io.brook.cli;

import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brook perf produce}: the counterpart of Kafka's kafka-producer-perf-test. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Measure producer throughput and latency.",
                "Sends fixed-size records as fast as allowed and reports records/s, MiB/s and the latency from send to "
                        + "acknowledgement (HdrHistogram percentiles), with a progress line while running."})
public final class PerfProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to write to (must exist, or auto-creation be on).")
    String topic;

    @Option(names = {"-n", "--num-records"}, required = true, paramLabel = "N", description = "Records to send.")
    long numRecords;

    @Option(names = "--record-size", paramLabel = "BYTES", defaultValue = "1024", description = "Value size (default: ${DEFAULT-VALUE}).")
    int recordSize;

    @Option(names = "--throughput", paramLabel = "REC/S", defaultValue = "-1", description = "Target rate; -1 for as fast as possible (default).")
    double throughput;

    @Option(names = "--acks", paramLabel = "all|1|0", defaultValue = "1", description = "Acknowledgement level (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
    long lingerMs;

    @Option(names = "--batch-size", paramLabel = "BYTES", defaultValue = "131072", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "none", description = "Default: ${DEFAULT-VALUE}.")
    String compression;

    @Option(names = "--buffer-memory", paramLabel = "BYTES", defaultValue = "67108864", description = "Default: ${DEFAULT-VALUE}.")
    long bufferMemory;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "5", description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--idempotence", paramLabel = "true|false", arity = "1",
            description = "Turn the idempotent producer on or off (default: the producer's: on with --acks all).")
    Boolean idempotence;

    @Option(names = "--partitioner", paramLabel = "sticky|round-robin", defaultValue = "sticky",
            description = "sticky: the producer's default for records without key (one partition per batch, as Kafka's); "
                    + "round-robin: record i goes to partition i mod the partition count, as Kafka's RoundRobinPartitioner "
                    + "(default: ${DEFAULT-VALUE}).")
    String partitioner;

    @Option(names = "--reporting-interval-ms", paramLabel = "MS", defaultValue = "5000", description = "Progress line interval (default: ${DEFAULT-VALUE}).")
    long reportMs;

    @Override
    public Integer call() throws Exception {
        if (numRecords <= 0 || recordSize < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--num-records must be positive and --record-size not negative");
        }
        if (!partitioner.equals("sticky") && !partitioner.equals("round-robin")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--partitioner must be sticky or round-robin, got " + partitioner);
        }
        ProducerConfig.Builder builder = ProducerConfig.builder();
        if (idempotence != null) {
            builder.enableIdempotence(idempotence);
        }
        ProducerConfig config = builder
                .bootstrapServers(connection.bootstrap()).security(connection.security())
                .clientId("brook-perf-produce")
                .acks(acks)
                .lingerMs(lingerMs)
                .batchSize(batchSize)
                .compression(compression)
                .bufferMemory(bufferMemory)
                .maxInFlightRequestsPerConnection(maxInFlight)
                .maxBlockMs(connection.timeoutMs)
                .build();
        byte[] payload = new byte[recordSize];
        Random random = new Random(42);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        PrintWriter err = spec.commandLine().getErr();
        LatencyStats latency = new LatencyStats();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start;
        long end;
        try (Producer producer = new Producer(config)) {
            int partitions = partitioner.equals("round-robin") ? producer.partitionsFor(topic).size() : 0;
            start = System.nanoTime();
            long lastReport = start;
            long lastAcked = 0;
            for (long i = 0; i < numRecords && failure.get() == null; i++) {
                if (throughput > 0) {
                    pace(start, i);
                }
                long sentAt = System.nanoTime();
                ProducerRecord record = partitions > 0
                        ? new ProducerRecord(topic, (int) (i % partitions), null, payload) : new ProducerRecord(topic, payload);
                producer.send(record).whenComplete((m, t) -> {
                    if (t != null) {
                        failure.compareAndSet(null, t);
                    } else {
                        latency.recordMicros((System.nanoTime() - sentAt) / 1000);
                        acked.incrementAndGet();
                    }
                });
                long now = System.nanoTime();
                if (now - lastReport >= TimeUnit.MILLISECONDS.toNanos(reportMs)) {
                    long a = acked.get();
                    progress(err, a - lastAcked, now - lastReport, latency.interval());
                    lastReport = now;
                    lastAcked = a;
                }
            }
            producer.flush();
            end = System.nanoTime();
        }
        if (failure.get() != null) {
            throw new CliException(ErrorHandler.exitCode(failure.get()), "after " + acked.get() + " acknowledged records: "
                    + ErrorHandler.message(ErrorHandler.unwrap(failure.get())), failure.get());
        }
        report(acked.get(), end - start, latency.total());
        return ExitCodes.OK;
    }

    private void pace(long start, long sent) {
        long due = start + (long) (sent * 1e9 / throughput);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private void progress(PrintWriter err, long records, long nanos, Histogram h) {
        double secs = nanos / 1e9;
        err.printf("%d records sent, %.1f records/sec (%.2f MiB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
                records, records / secs, records * (double) recordSize / secs / (1024 * 1024),
                LatencyStats.ms(h.getMean()), LatencyStats.ms(h.getMaxValue()));
        err.flush();
    }

    private void report(long records, long nanos, Histogram h) {
        double secs = nanos / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", records);
        m.put("seconds", LatencyStats.round(secs));
        m.put("records_per_sec", LatencyStats.round(records / secs));
        m.put("mib_per_sec", LatencyStats.round(records * (double) recordSize / secs / (1024 * 1024)));
        m.putAll(LatencyStats.summary(h));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(m));
        } else {
            out.printf("%d records sent, %.1f records/sec (%.2f MiB/sec), %.2f ms avg latency, %.2f ms max latency, "
                            + "%.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.%n",
                    records, m.get("records_per_sec"), m.get("mib_per_sec"), m.get("avg_ms"), m.get("max_ms"),
                    m.get("p50_ms"), m.get("p95_ms"), m.get("p99_ms"), m.get("p999_ms"));
        }
        out.flush();
    }
}
