package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.metrics.Scrape;
import io.brook.client.Admin;
import io.brook.client.NewTopic;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.MetricFamily;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that coordinates a group and hosts the partition it committed for: {@code /metrics} shows the
 * group's lag (high watermark minus committed offset), its committed offset, members and state, and none
 * of them once the group is deleted.
 */
class GroupLagMetricsTest {

    private static final String TOPIC = "lagged";
    private static final String GROUP = "lag-watchers";
    private static final int RECORDS = 30;
    private static final long COMMITTED = 12;
    private static final List<String> GROUP_FAMILIES = List.of("brook_group_lag_records", "brook_group_committed_offset",
            "brook_group_members", "brook_group_state");

    private BrokerFixture broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_group_lags_by_the_high_watermark_minus_its_commit_until_it_is_deleted() throws Exception {
        // given a partition with a high watermark M and a group that committed offset N on it
        broker = BrokerFixture.start(Map.of(BrokerConfig.METRICS_LISTENER, "127.0.0.1:0"));
        InetSocketAddress endpoint = broker.broker().metricsAddress();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        long highWatermark = 0;
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, 1, Map.of()))).get(15, TimeUnit.SECONDS);
            try (Producer producer = new Producer(TestClients.producer(broker).acks("all").build())) {
                List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    sent.add(producer.send(new ProducerRecord(TOPIC, null, ("record " + i).getBytes(StandardCharsets.UTF_8))));
                }
                for (var f : sent) {
                    highWatermark = Math.max(highWatermark, f.get(30, TimeUnit.SECONDS).offset() + 1);
                }
            }
            admin.alterGroupOffsets(GROUP, Map.of(tp, new OffsetAndMetadata(COMMITTED))).get(30, TimeUnit.SECONDS);
            long m = highWatermark;

            // then the scrape shows M - N, computed when scraped
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Scrape s = Scrape.of(endpoint);
                assertThat(s.value("brook_partition_high_watermark", "topic", TOPIC, "partition", "0")).isEqualTo(m);
                assertThat(s.value("brook_group_lag_records", "group", GROUP, "topic", TOPIC, "partition", "0")).isEqualTo(m - COMMITTED);
                assertThat(s.value("brook_group_committed_offset", "group", GROUP, "topic", TOPIC, "partition", "0")).isEqualTo(COMMITTED);
                assertThat(s.value("brook_group_members", "group", GROUP)).isZero();
                assertThat(s.value("brook_group_state", "group", GROUP, "state", "empty")).isEqualTo(1);
            });

            // when the group is deleted
            admin.deleteGroups(List.of(GROUP)).get(30, TimeUnit.SECONDS);
        }

        // then its series are gone from the next scrape
        Scrape after = Scrape.of(endpoint);
        for (String name : GROUP_FAMILIES) {
            assertThat(seriesOf(after, name, GROUP)).as(name).isZero();
        }
    }

    /** The series of {@code family} labelled with {@code group} (0 also when the family has no series at all). */
    private static long seriesOf(Scrape s, String family, String group) {
        MetricFamily f = s.families().get(family);
        if (f == null) {
            return 0;
        }
        return f.getMetricList().stream().filter(m -> m.getLabelList().stream()
                .anyMatch(l -> l.getName().equals("group") && l.getValue().equals(group))).count();
    }
}
