package io.brook.jepsen.group;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.ConsumerRecord;
import io.brook.client.ConsumerRecords;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import io.brook.client.WakeupException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A consumer-group member in its own JVM, for tests that kill consumers with {@code kill -9}:
 * subscribes to one topic, and after each poll appends what it got to its output file, then commits
 * synchronously (at least once: a record is written before its offset is committed). SIGTERM closes
 * the consumer, which leaves the group.
 *
 * <p>Arguments: {@code bootstrap group topic output-file [group.instance.id]}. Output lines (one
 * {@code write} and flush per poll, so a kill loses no line it reported): {@code R partition offset
 * value} per record; {@code A}, {@code V}, {@code L} followed by partitions for assigned, revoked and
 * lost; {@code C} after each successful commit.
 */
public final class GroupConsumerMain {

    private GroupConsumerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: GroupConsumerMain BOOTSTRAP GROUP TOPIC OUTPUT [INSTANCE_ID]");
            System.exit(2);
        }
        ConsumerConfig.Builder config = ConsumerConfig.builder().bootstrapServers(args[0]).groupId(args[1])
                .autoOffsetReset(OffsetResetStrategy.EARLIEST).enableAutoCommit(false).defaultApiTimeoutMs(30_000);
        if (args.length > 4) {
            config.groupInstanceId(args[4]);
        }
        Path output = Path.of(args[3]);
        CountDownLatch closed = new CountDownLatch(1);
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND); Consumer consumer = new Consumer(config.build())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                consumer.wakeup();
                try {
                    closed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown"));
            consumer.subscribe(List.of(args[2]), new Listener(out));
            run(consumer, out);
        } finally {
            closed.countDown();
        }
    }

    private static void run(Consumer consumer, BufferedWriter out) throws IOException {
        while (true) {
            ConsumerRecords records;
            try {
                records = consumer.poll(Duration.ofMillis(200));
            } catch (WakeupException e) {
                return;
            }
            if (records.isEmpty()) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (ConsumerRecord r : records) {
                b.append("R ").append(r.partition()).append(' ').append(r.offset()).append(' ')
                        .append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
            }
            out.write(b.toString());
            out.flush();
            try {
                consumer.commitSync();
                out.write("C\n");
                out.flush();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // a commit refused after a rebalance or fencing: the records are consumed again by the owner
                out.write("E " + e.getClass().getSimpleName() + "\n");
                out.flush();
            }
        }
    }

    /** Writes each assignment change to the output. */
    private record Listener(BufferedWriter out) implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            line("V", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            line("A", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            line("L", partitions);
        }

        private void line(String kind, Collection<TopicPartition> partitions) {
            TreeSet<Integer> ps = new TreeSet<>();
            partitions.forEach(tp -> ps.add(tp.partition()));
            try {
                out.write(kind + " " + ps + "\n");
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
