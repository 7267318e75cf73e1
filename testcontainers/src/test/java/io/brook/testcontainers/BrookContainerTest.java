package io.brook.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One broker in a container, used as README shows: send a record, read it back. */
class BrookContainerTest {

    @Test
    void a_single_broker_container_takes_a_record_on_a_new_topic_and_serves_it_back() {
        ContainerTests.requireImage(BrookImages.DEFAULT_IMAGE);
        try (BrookContainer brook = new BrookContainer()) {
            brook.start();

            // given a topic the broker creates on first use, when a record is sent with acks=all
            RecordMetadata sent;
            try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(brook.getBootstrapServers())
                    .acks("all").build())) {
                sent = producer.send(new ProducerRecord("orders", "alice".getBytes(StandardCharsets.UTF_8),
                        "paid 1.00".getBytes(StandardCharsets.UTF_8))).join();
            }

            // then a consumer reads it back at the offset the broker gave
            List<String> read = new ArrayList<>();
            try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(brook.getBootstrapServers()).build())) {
                TopicPartition tp = sent.topicPartition();
                consumer.assign(List.of(tp));
                consumer.seek(tp, sent.offset());
                ContainerTests.pollUntil(consumer, read, 1);
            }
            assertThat(read).containsExactly("paid 1.00@" + sent.offset());
        }
    }

    @Test
    void broker_config_keys_become_their_environment_variables() {
        // no Docker needed: the mapping the broker reads (BrokerConfig.envName)
        assertThat(BrookContainer.envName("log.segment.bytes")).isEqualTo("BROOK_LOG_SEGMENT_BYTES");
        assertThat(new BrookContainer().withBrokerConfig("log.retention.ms", "1000").getEnvMap())
                .containsEntry("BROOK_LOG_RETENTION_MS", "1000").containsEntry("BROOK_AUTO_CREATE_TOPICS", "true");
    }

    /** Records as value@offset. */
    static String text(ConsumerRecord r) {
        return new String(r.value(), StandardCharsets.UTF_8) + "@" + r.offset();
    }
}
