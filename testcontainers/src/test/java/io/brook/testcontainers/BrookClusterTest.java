package io.brook.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Three brokers in containers: a replicated topic keeps every acknowledged record when one broker stops. */
class BrookClusterTest {

    private static final String TOPIC = "replicated";
    private static final int RECORDS = 30;

    @Test
    void a_three_broker_cluster_keeps_acknowledged_records_when_a_broker_stops() throws Exception {
        ContainerTests.requireImage(BrookImages.DEFAULT_IMAGE);
        try (BrookCluster cluster = new BrookCluster(3)) {
            cluster.start();
            String bootstrap = cluster.getBootstrapServers();
            assertThat(bootstrap.split(",")).hasSize(3);

            // given a topic on every broker and records acknowledged by all of them
            try (Admin admin = new Admin(AdminConfig.builder().bootstrapServers(bootstrap).defaultApiTimeoutMs(60_000).build())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, 3))).get(60, TimeUnit.SECONDS);
            }
            List<String> sent = new ArrayList<>();
            try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap).acks("all")
                    .maxBlockMs(60_000).deliveryTimeoutMs(120_000).build())) {
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    String value = "record-" + i;
                    acks.add(producer.send(new ProducerRecord(TOPIC, null, value.getBytes(StandardCharsets.UTF_8)))
                            .thenAccept(m -> sent.add(value + "@" + m.offset())));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(2, TimeUnit.MINUTES);
            }

            // when broker 1 stops
            cluster.getBroker(1).stop();

            // then the others serve every acknowledged record at its offset
            List<String> read = new ArrayList<>();
            try (Consumer consumer = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap)
                    .defaultApiTimeoutMs(60_000).build())) {
                TopicPartition tp = new TopicPartition(TOPIC, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                ContainerTests.pollUntil(consumer, read, RECORDS);
            }
            assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void brokers_are_numbered_from_1() {
        // no Docker needed
        BrookCluster cluster = new BrookCluster(2);
        assertThat(cluster.getBrokers()).extracting(BrookContainer::getBrokerId).containsExactly(1, 2);
        assertThat(cluster.getBroker(2).getBrokerId()).isEqualTo(2);
        assertThatThrownBy(() -> cluster.getBroker(3)).hasMessage("this cluster has brokers 1 to 2, not 3");
        assertThatThrownBy(() -> new BrookCluster(0)).hasMessageContaining("at least 1 broker");
    }
}
