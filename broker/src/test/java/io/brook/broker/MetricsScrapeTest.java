package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.metrics.Scrape;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.MetadataRequest;
import io.brook.testsupport.RawConnection;
import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.LabelPair;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.MetricFamily;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.MetricType;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker with {@code metrics.listener} on a free port: after real produce and fetch traffic, its
 * {@code /metrics} (parsed from the protobuf exposition with the Prometheus client's classes) holds
 * the values the traffic implies, under names that follow Prometheus conventions, and its health
 * endpoints answer.
 */
class MetricsScrapeTest {

    private static final String TOPIC = "metered";
    private static final int RECORDS = 25;

    private static BrokerFixture broker;
    private static InetSocketAddress endpoint;
    private static long lastOffset;

    @BeforeAll
    static void produceAndConsume() throws Exception {
        broker = BrokerFixture.start(Map.of(BrokerConfig.METRICS_LISTENER, "127.0.0.1:0"));
        endpoint = broker.broker().metricsAddress();
        try (Admin admin = TestClients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, 1, Map.of()))).get(15, TimeUnit.SECONDS);
        }
        try (Producer producer = new Producer(TestClients.producer(broker).acks("all").build())) {
            List<java.util.concurrent.CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord(TOPIC, null, ("record " + i).getBytes(StandardCharsets.UTF_8))));
            }
            for (var f : sent) {
                lastOffset = Math.max(lastOffset, f.get(30, TimeUnit.SECONDS).offset());
            }
        }
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (Consumer consumer = new Consumer(TestClients.consumer(broker).build())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord> got = RecordStream.consume(consumer, RECORDS, Duration.ofSeconds(60));
            assertThat(got).hasSize(RECORDS);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void the_endpoint_is_on_the_port_it_reports() {
        assertThat(endpoint).isNotNull();
        assertThat(endpoint.getPort()).isPositive().isNotEqualTo(broker.port());
    }

    @Test
    void live_and_ready_answer_200_once_the_broker_serves() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Scrape.get(endpoint, "/health/ready", "*/*").statusCode()).isEqualTo(200));
        assertThat(Scrape.get(endpoint, "/health/live", "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void topic_traffic_counts_what_was_produced_and_fetched() {
        Scrape s = Scrape.of(endpoint);

        assertThat(s.value("brook_topic_produced_records_total", "topic", TOPIC)).isEqualTo(RECORDS);
        assertThat(s.value("brook_topic_produced_bytes_total", "topic", TOPIC)).isPositive();
        // the consumer read every record (whole batches, so at least as many offsets as records)
        assertThat(s.value("brook_topic_fetched_records_total", "topic", TOPIC)).isGreaterThanOrEqualTo(RECORDS);
        assertThat(s.value("brook_topic_fetched_bytes_total", "topic", TOPIC)).isGreaterThanOrEqualTo(s.value("brook_topic_produced_bytes_total", "topic", TOPIC));
        assertThat(s.value("brook_produce_commit_wait_seconds")).as("acks=all appends timed").isPositive();
    }

    @Test
    void partition_gauges_show_the_log_as_the_producer_left_it() {
        Scrape s = Scrape.of(endpoint);

        assertThat(s.value("brook_partition_log_end_offset", "topic", TOPIC, "partition", "0")).isEqualTo(lastOffset + 1);
        assertThat(s.value("brook_partition_high_watermark", "topic", TOPIC, "partition", "0")).isEqualTo(lastOffset + 1);
        assertThat(s.value("brook_partition_log_size_bytes", "topic", TOPIC, "partition", "0")).isPositive();
        assertThat(s.value("brook_partition_raft_term", "topic", TOPIC, "partition", "0")).isPositive();
        assertThat(s.value("brook_partition_role", "topic", TOPIC, "partition", "0", "role", "leader")).isEqualTo(1);
        assertThat(s.value("brook_partitions_under_replicated")).isZero();
        assertThat(s.value("brook_partitions_offline")).isZero();
        assertThat(s.value("brook_partition_leader_changes_total")).isPositive();
    }

    @Test
    void requests_fsyncs_connections_and_the_jvm_are_measured() {
        Scrape s = Scrape.of(endpoint);

        assertThat(s.value("brook_requests_total", "api", "produce")).isPositive();
        assertThat(s.value("brook_requests_total", "api", "fetch")).isPositive();
        assertThat(s.value("brook_request_duration_seconds", "api", "produce")).isPositive();
        assertThat(s.value("brook_request_duration_seconds", "api", "fetch")).isPositive();
        assertThat(s.value("brook_log_fsync_duration_seconds")).as("acks=all fsyncs the log").isPositive();
        assertThat(s.series("brook_connections", "listener", "client")).isPresent();
        assertThat(s.families()).containsKey("jvm_memory_used_bytes");
    }

    @Test
    void refused_requests_are_counted_by_api_and_error_code() throws Exception {
        // given a client API sent to the peer listener, which the dispatcher refuses with WRONG_LISTENER
        try (RawConnection c = new RawConnection(broker.broker().peerAddress().getPort())) {
            c.send(RawConnection.request(ApiKey.METADATA.id(), 1, MetadataRequest.getDefaultInstance(), new byte[0]));
            c.read();
        }

        // then the refusal is counted under its API and error code
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Scrape.of(endpoint).value("brook_request_errors_total",
                "api", "metadata", "error_code", "wrong_listener")).isEqualTo(1));
    }

    @Test
    void names_and_units_follow_prometheus_conventions() {
        Scrape s = Scrape.of(endpoint);

        for (MetricFamily f : s.families().values()) {
            String name = f.getName();
            assertThat(name).as("metric name").matches("[a-z][a-z0-9_]*");
            if (!name.startsWith("brook_")) {
                continue;
            }
            assertThat(f.getHelp()).as("help of %s", name).isNotBlank();
            if (f.getType() == MetricType.COUNTER) {
                assertThat(name).as("counter %s", name).endsWith("_total");
            } else {
                assertThat(name).as("%s is not a counter", name).doesNotEndWith("_total");
            }
            if (f.getType() == MetricType.HISTOGRAM) {
                assertThat(name).as("histogram %s has a base unit", name).containsAnyOf("_seconds", "_bytes");
            }
            assertThat(name).as("%s uses base units", name).doesNotContain("_ms", "_millis", "_kb", "_mb", "_micro");
            assertThat(name).as("%s names its unit once", name).doesNotContain("_bytes_bytes", "bytes_in_bytes", "bytes_out_bytes",
                    "_seconds_seconds");
            for (var m : f.getMetricList()) {
                for (LabelPair l : m.getLabelList()) {
                    assertThat(l.getName()).as("label of %s", name).matches("[a-z][a-z0-9_]*");
                }
            }
        }
    }

    @Test
    void the_text_format_declares_each_family_with_its_type() {
        HttpResponse<String> r = Scrape.get(endpoint, "/metrics", "text/plain");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).contains("# TYPE brook_topic_produced_records_total counter")
                .contains("# TYPE brook_request_duration_seconds histogram")
                .contains("# TYPE brook_partition_log_end_offset gauge")
                .contains("brook_topic_produced_records_total{topic=\"" + TOPIC + "\"} " + RECORDS + ".0");
    }
}
