package io.brook.examples;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

public class HelloBrook {

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9192";
        byte[] key = "alice".getBytes(StandardCharsets.UTF_8);
        byte[] value = ("paid 1.00 at " + System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);

        // Send one record and wait until every in-sync replica has it; the metadata says where it went.
        RecordMetadata sent;
        try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap).acks("all").build())) {
            sent = producer.send(new ProducerRecord("demo", key, value)).join();
        }
        System.out.println("sent to partition " + sent.partition() + " at offset " + sent.offset());

        // Read it back from the partition its key hashed to, starting at its offset.
        try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap).build())) {
            TopicPartition partition = sent.topicPartition();
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println("read " + new String(r.value(), StandardCharsets.UTF_8) + " at offset " + r.offset());
                    return;
                }
            }
            throw new IllegalStateException("the record sent was not read back within 10 s");
        }
    }
}
