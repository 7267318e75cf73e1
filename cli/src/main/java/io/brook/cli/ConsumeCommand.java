package io.brook.cli;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.WakeupException;
import io.brook.protocol.record.Header;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook consume}: print records of a topic, live or replayed. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Print the records of a topic, one per line.",
                "Without --from-beginning, --offset or --from-time it starts at the end (new records only). It runs until "
                        + "--max records, --idle-ms without records, or Ctrl-C.",
                "With --group it joins that consumer group and reads the partitions the group gives it, from the group's "
                        + "committed offsets (else the end, or the beginning with --from-beginning), committing its "
                        + "position as it goes (auto-commit) and when it stops."})
public final class ConsumeCommand implements Callable<Integer> {

    /** Where to start; at most one. */
    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the first record still in the log.")
        boolean fromBeginning;

        @Option(names = "--offset", paramLabel = "N", description = "Start at offset N (in each partition read).")
        Long offset;

        @Option(names = "--from-time", paramLabel = "ISO8601",
                description = "Start at the first record at or after this time, e.g. 2026-11-25T10:00:00Z.")
        String fromTime;
    }

    /** Output formats. */
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Start start = new Start();

    @Option(names = "--partition", paramLabel = "N", description = "Read only this partition (default: all).")
    Integer partition;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Consume as a member of this consumer group (excludes --partition, --offset and --from-time).")
    String group;

    @Option(names = {"-n", "--max"}, paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--idle-ms", paramLabel = "MS", description = "Stop after MS milliseconds without a record.")
    Long idleMs;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: the value (with --print-metadata: partition, offset, timestamp, key, value); json: one object per line. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--print-metadata", description = "In text format, also print partition, offset, timestamp and key.")
    boolean printMetadata;

    @Override
    public Integer call() {
        checkNumbers();
        long startTime = parseTime();
        ConsumerConfig.Builder builder = ConsumerConfig.builder()
                .bootstrapServers(connection.bootstrap()).security(connection.security())
                .clientId("brook-cli-consume")
                .autoOffsetReset(start.fromBeginning ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST)
                .requestTimeoutMs((int) Math.min(Math.max(connection.timeoutMs, 1000), Integer.MAX_VALUE))
                .defaultApiTimeoutMs(connection.timeoutMs)
                // a broker with auto.create.topics (brook dev) creates the topic, as it does for produce
                .allowAutoCreateTopics(true);
        if (group != null) {
            builder.groupId(group);
        }
        ConsumerConfig config = buildConfig(builder);
        PrintWriter out = spec.commandLine().getOut();
        long count = 0;
        // counted down only once the consumer is closed: a Ctrl-C must not end the JVM before close() has
        // committed (with --group) and left the group
        CountDownLatch finished = new CountDownLatch(1);
        try (Consumer consumer = new Consumer(config)) {
            Thread hook = new Thread(() -> {
                consumer.wakeup();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                List<TopicPartition> partitions = partitions(consumer);
                if (group != null) {
                    consumer.subscribe(List.of(topic));
                } else {
                    consumer.assign(partitions);
                    position(consumer, partitions, startTime);
                }
                long lastRecordAt = System.nanoTime();
                while (max == null || count < max) {
                    boolean any = false;
                    for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                        print(out, r);
                        any = true;
                        count++;
                        if (max != null && count >= max) {
                            break;
                        }
                    }
                    out.flush();
                    if (any) {
                        lastRecordAt = System.nanoTime();
                    } else if (idleMs != null && (System.nanoTime() - lastRecordAt) / 1_000_000 >= idleMs) {
                        break;
                    }
                }
            } catch (WakeupException e) {
                // Ctrl-C: stop quietly
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
        } finally {
            finished.countDown();
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void checkNumbers() {
        String problem = start.offset != null && start.offset < 0 ? "--offset must be 0 or more, got " + start.offset
                : max != null && max < 1 ? "--max must be at least 1, got " + max
                : idleMs != null && idleMs < 0 ? "--idle-ms must be 0 or more, got " + idleMs
                : partition != null && partition < 0 ? "--partition must be 0 or more, got " + partition
                : group != null && (partition != null || start.offset != null || start.fromTime != null)
                        ? "--group takes the partitions and start offsets the group gives: it excludes --partition,"
                                + " --offset and --from-time"
                : null;
        if (problem != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), problem);
        }
    }

    private ConsumerConfig buildConfig(ConsumerConfig.Builder builder) {
        try {
            return builder.build();
        } catch (io.brook.client.InvalidConfigException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private long parseTime() {
        if (start.fromTime == null) {
            return -1;
        }
        try {
            return OffsetDateTime.parse(start.fromTime).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(start.fromTime).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--from-time '" + start.fromTime + "' is not an ISO-8601 time such as 2026-11-25T10:00:00Z");
            }
        }
    }

    private List<TopicPartition> partitions(Consumer consumer) {
        // with --idle-ms, a topic that never appears is as idle as one without records
        long waitMs = idleMs == null ? connection.timeoutMs : Math.min(idleMs, connection.timeoutMs);
        int n;
        try {
            n = consumer.partitionsFor(topic, Duration.ofMillis(waitMs)).size();
        } catch (UnknownTopicOrPartitionException e) {
            throw new CliException(ExitCodes.FAILED, "topic '" + topic + "' does not exist (still unknown after " + waitMs
                    + " ms, " + (idleMs == null ? "--timeout-ms" : "--idle-ms") + "): create it with `brook topic create "
                    + topic + "`, or let the broker create topics on first use (auto.create.topics=true, as `brook dev` does)", e);
        }
        if (partition != null) {
            if (partition < 0 || partition >= n) {
                throw new CliException(ExitCodes.FAILED, "topic '" + topic + "' has " + n + " partition(s): there is no partition " + partition);
            }
            return List.of(new TopicPartition(topic, partition));
        }
        List<TopicPartition> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new TopicPartition(topic, i));
        }
        return all;
    }

    private void position(Consumer consumer, List<TopicPartition> partitions, long startTime) {
        if (start.fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else if (start.offset != null) {
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, start.offset);
            }
        } else if (startTime >= 0) {
            for (TopicPartition tp : partitions) {
                consumer.seekToTimestamp(tp, startTime);
            }
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    private void print(PrintWriter out, ConsumerRecord r) {
        if (format == Format.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", r.topic());
            m.put("partition", r.partition());
            m.put("offset", r.offset());
            m.put("timestamp", r.timestamp());
            m.put("key", text(r.key()));
            m.put("value", text(r.value()));
            Map<String, Object> h = new LinkedHashMap<>();
            for (Header header : r.headers()) {
                h.put(header.key(), text(header.value()));
            }
            m.put("headers", h);
            out.println(Json.write(m));
        } else if (printMetadata) {
            out.println(r.partition() + "\t" + r.offset() + "\t" + Instant.ofEpochMilli(r.timestamp()) + "\t"
                    + (r.key() == null ? "" : text(r.key())) + "\t" + (r.value() == null ? "" : text(r.value())));
        } else {
            out.println(r.value() == null ? "" : text(r.value()));
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
