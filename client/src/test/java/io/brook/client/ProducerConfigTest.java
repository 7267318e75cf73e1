package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.record.CompressionType;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ProducerConfig c = ProducerConfig.defaults();

        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9192");
        assertThat(c.clientId()).startsWith("brook-producer-");
        assertThat(c.acks()).isEqualTo(-1);
        assertThat(c.lingerMs()).isEqualTo(5);
        assertThat(c.batchSize()).isEqualTo(65536);
        assertThat(c.compression()).isEqualTo(CompressionType.NONE);
        assertThat(c.bufferMemory()).isEqualTo(32L << 20);
        assertThat(c.maxBlockMs()).isEqualTo(60_000);
        assertThat(c.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(c.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(c.retryBackoffMs()).isEqualTo(100);
        assertThat(c.retryBackoffMaxMs()).isEqualTo(1000);
        assertThat(c.maxInFlightRequestsPerConnection()).isEqualTo(5);
        assertThat(c.maxRequestSize()).isEqualTo(16 << 20);
        assertThat(c.metadataMaxAgeMs()).isEqualTo(300_000);
        assertThat(c.enableIdempotence()).isTrue();
    }

    @Test
    void idempotenceLeftUnsetIsOffWithAcksOneAndTheNoteSaysWhy() {
        ProducerConfig c = ProducerConfig.builder().acks(1).build();

        assertThat(c.enableIdempotence()).isFalse();
        assertThat(c.idempotenceNote()).contains("acks=all (not 1)").contains("twice");
    }

    @Test
    void idempotenceLeftUnsetIsOffWithMoreThanFiveInFlightOrNoRetries() {
        assertThat(ProducerConfig.builder().maxInFlightRequestsPerConnection(6).build().enableIdempotence()).isFalse();
        assertThat(ProducerConfig.builder().retries(0).build().enableIdempotence()).isFalse();
    }

    @Test
    void idempotenceSetToTrueWithAcksOneFailsAndExplains() {
        assertThatThrownBy(() -> ProducerConfig.builder().acks(1).enableIdempotence(true).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("enable.idempotence=true needs acks=all (not 1)")
                .hasMessageContaining("enable.idempotence=false");
    }

    @Test
    void idempotenceCanBeTurnedOffExplicitlyAndSurvivesToBuilder() {
        ProducerConfig c = ProducerConfig.fromProperties(props("enable.idempotence", "false"));

        assertThat(c.enableIdempotence()).isFalse();
        assertThat(c.toBuilder().build().enableIdempotence()).isFalse();
        assertThat(c.idempotenceNote()).contains("enable.idempotence=false");
    }

    @Test
    void readsKafkaStyleProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "a:1, b:2");
        p.setProperty("client.id", "cli");
        p.setProperty("acks", "1");
        p.setProperty("linger.ms", "20");
        p.setProperty("batch.size", "1024");
        p.setProperty("compression.type", "zstd");
        p.setProperty("max.in.flight.requests.per.connection", "1");

        ProducerConfig c = ProducerConfig.fromProperties(p);

        assertThat(c.bootstrapServers()).isEqualTo("a:1, b:2");
        assertThat(c.clientId()).isEqualTo("cli");
        assertThat(c.acks()).isEqualTo(1);
        assertThat(c.lingerMs()).isEqualTo(20);
        assertThat(c.batchSize()).isEqualTo(1024);
        assertThat(c.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(c.maxInFlightRequestsPerConnection()).isEqualTo(1);
    }

    @Test
    void acksAcceptsAllAndMinusOne() {
        assertThat(ProducerConfig.builder().acks("all").build().acks()).isEqualTo(-1);
        assertThat(ProducerConfig.builder().acks("-1").build().acks()).isEqualTo(-1);
        assertThat(ProducerConfig.builder().acks("0").build().acks()).isZero();
        assertThatThrownBy(() -> ProducerConfig.builder().acks("2")).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> ProducerConfig.builder().acks(2).build()).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void unknownPropertiesAreRejectedByName() {
        Properties p = new Properties();
        p.setProperty("linger.msec", "5");

        assertThatThrownBy(() -> ProducerConfig.fromProperties(p))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("linger.msec")
                .hasMessageContaining("linger.ms");
    }

    @Test
    void invalidValuesNameTheirKey() {
        Properties p = new Properties();
        p.setProperty("batch.size", "big");

        assertThatThrownBy(() -> ProducerConfig.fromProperties(p)).hasMessageContaining("batch.size");
        assertThatThrownBy(() -> ProducerConfig.builder().lingerMs(-1).build()).hasMessageContaining("linger.ms");
        assertThatThrownBy(() -> ProducerConfig.builder().compression("brotli"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("zstd");
        assertThatThrownBy(() -> ProducerConfig.builder().retryBackoffMs(500).retryBackoffMaxMs(100).build())
                .hasMessageContaining("retry.backoff.max.ms");
    }

    @Test
    void deliveryTimeoutMustCoverLingerAndRequestTimeout() {
        assertThatThrownBy(() -> ProducerConfig.builder().lingerMs(10).requestTimeoutMs(1000).deliveryTimeoutMs(1005).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("delivery.timeout.ms");
    }

    @Test
    void badBootstrapEntriesAreNamed() {
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("localhost").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("h:70000").build())
                .hasMessageContaining("h:70000");
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers(" , ").build())
                .hasMessageContaining("names no broker");
        assertThat(ProducerConfig.builder().bootstrapServers("[::1]:9192").build().bootstrapServers()).isEqualTo("[::1]:9192");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ProducerConfig c = ProducerConfig.builder().acks(0).lingerMs(7).compression(CompressionType.LZ4).clientId("x").build();

        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
