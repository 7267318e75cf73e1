package io.brook.examples;

import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code count} keyed records without waiting for each one: {@link Producer#send} returns at
 * once, the producer batches records per partition, and each future completes when the brokers
 * acknowledge its record (with {@code acks=all}: once every in-sync replica has it).
 *
 * <p>Run with {@code [bootstrap] [topic] [count]}; defaults: {@code 127.0.0.1:9192 demo 10}.
 */
public final class ProducerExample {

    private static final Logger log = LoggerFactory.getLogger(ProducerExample.class);

    private ProducerExample() {}

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9192";
        String topic = args.length > 1 ? args[1] : "demo";
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers(bootstrap)
                .acks("all")
                .build();
        try (Producer producer = new Producer(config)) {
            for (int i = 0; i < count; i++) {
                byte[] key = ("user-" + (i % 3)).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("event " + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord(topic, key, value)).whenComplete((metadata, error) -> {
                    // Runs on the client's network thread: log, count, never block here.
                    if (error != null) {
                        log.error("send failed: {}", error.getMessage());
                    } else {
                        log.info("sent to {}-{} at offset {}", metadata.topic(), metadata.partition(), metadata.offset());
                    }
                });
            }
            // Waits until every record sent so far is acknowledged or has failed.
            producer.flush();
        }
    }
}
