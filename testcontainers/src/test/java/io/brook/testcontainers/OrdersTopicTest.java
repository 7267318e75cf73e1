package io.brook.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.brook.testcontainers.BrookContainer;
import io.brook.testcontainers.BrookImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrdersTopicTest {

    static BrookContainer brook;

    @BeforeAll
    static void startBrook() {
        // skip, rather than fail, where Docker or the brook:local image is missing
        assumeTrue(BrookImages.unavailableReason(BrookImages.DEFAULT_IMAGE).isEmpty());
        brook = new BrookContainer();
        brook.start();
    }

    @AfterAll
    static void stopBrook() {
        if (brook != null) {
            brook.stop();
        }
    }

    @Test
    void an_order_sent_is_read_back() {
        String bootstrap = brook.getBootstrapServers();
        RecordMetadata sent;
        try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap).acks("all").build())) {
            sent = producer.send(new ProducerRecord("orders", "alice".getBytes(StandardCharsets.UTF_8),
                    "paid 1.00".getBytes(StandardCharsets.UTF_8))).join();
        }
        try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap).build())) {
            TopicPartition partition = sent.topicPartition();
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            for (int attempt = 0; attempt < 50; attempt++) {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals("paid 1.00", new String(r.value(), StandardCharsets.UTF_8));
                    return;
                }
            }
        }
        throw new AssertionError("the order sent was not read back");
    }
}
