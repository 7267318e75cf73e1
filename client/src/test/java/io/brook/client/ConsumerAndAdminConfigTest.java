package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConsumerAndAdminConfigTest {

    @Test
    void consumerDefaultsAreTheDocumentedOnes() {
        ConsumerConfig c = ConsumerConfig.defaults();

        assertThat(c.fetchMinBytes()).isEqualTo(1);
        assertThat(c.fetchMaxWaitMs()).isEqualTo(500);
        assertThat(c.fetchMaxBytes()).isEqualTo(50 << 20);
        assertThat(c.maxPartitionFetchBytes()).isEqualTo(1 << 20);
        assertThat(c.maxPollRecords()).isEqualTo(10_000);
        assertThat(c.autoOffsetReset()).isEqualTo(OffsetResetStrategy.LATEST);
        assertThat(c.checkCrcs()).isTrue();
        assertThat(c.fetchBufferBytes()).isEqualTo(64L << 20);
        assertThat(c.clientId()).startsWith("brook-consumer-");
        assertThat(c.allowAutoCreateTopics()).as("a misspelt topic fails rather than being created").isFalse();
    }

    @Test
    void consumerReadsKafkaStyleProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "h:1");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("max.poll.records", "5");
        p.setProperty("check.crcs", "false");
        p.setProperty("allow.auto.create.topics", "true");

        ConsumerConfig c = ConsumerConfig.fromProperties(p);

        assertThat(c.autoOffsetReset()).isEqualTo(OffsetResetStrategy.EARLIEST);
        assertThat(c.maxPollRecords()).isEqualTo(5);
        assertThat(c.checkCrcs()).isFalse();
        assertThat(c.allowAutoCreateTopics()).isTrue();
        assertThat(c.toBuilder().build().allowAutoCreateTopics()).isTrue();
    }

    @Test
    void consumerRejectsBadValues() {
        Properties p = new Properties();
        p.setProperty("auto.offset.reset", "smallest");
        assertThatThrownBy(() -> ConsumerConfig.fromProperties(p)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("earliest, latest, none");
        Properties q = new Properties();
        q.setProperty("check.crcs", "yes");
        assertThatThrownBy(() -> ConsumerConfig.fromProperties(q)).hasMessageContaining("check.crcs");
        assertThatThrownBy(() -> ConsumerConfig.builder().maxPollRecords(0).build()).hasMessageContaining("max.poll.records");
    }

    @Test
    void adminReadsKafkaStyleProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "h:1");
        p.setProperty("default.api.timeout.ms", "1234");

        AdminConfig c = AdminConfig.fromProperties(p);

        assertThat(c.defaultApiTimeoutMs()).isEqualTo(1234);
        assertThat(c.clientId()).startsWith("brook-admin-");
        Properties bad = new Properties();
        bad.setProperty("acks", "1");
        assertThatThrownBy(() -> AdminConfig.fromProperties(bad)).hasMessageContaining("unknown admin config [acks]");
    }
}
