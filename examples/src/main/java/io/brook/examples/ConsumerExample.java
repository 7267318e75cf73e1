package io.brook.examples;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.ConsumerRecords;
import io.brook.client.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic from the beginning and stops once nothing new has arrived for
 * {@code idleMs}. Brook has no consumer groups yet: the application assigns partitions itself and
 * keeps its own positions ({@link Consumer#position}).
 *
 * <p>Run with {@code [bootstrap] [topic] [idleMs]}; defaults: {@code 127.0.0.1:9192 demo 2000}.
 */
public final class ConsumerExample {

    private static final Logger log = LoggerFactory.getLogger(ConsumerExample.class);

    private ConsumerExample() {}

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9192";
        String topic = args.length > 1 ? args[1] : "demo";
        long idleMs = args.length > 2 ? Long.parseLong(args[2]) : 2_000;
        log.info("read {} records", readAll(bootstrap, topic, idleMs));
    }

    /** Reads {@code topic} from the beginning until it has been idle for {@code idleMs}; returns how many records it read. */
    static long readAll(String bootstrap, String topic, long idleMs) {
        try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap).build())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < Duration.ofMillis(idleMs).toNanos()) {
                ConsumerRecords records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord r : records) {
                    log.info("{}-{} offset {}: {} = {}", r.topic(), r.partition(), r.offset(),
                            text(r.key()), text(r.value()));
                    read++;
                }
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
            }
            return read;
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
