package io.brook.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerConfigTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("broker.properties");
        Files.write(f, java.util.List.of(lines));
        return f;
    }

    /** Asserts a ConfigException for {@code key} whose message is one line naming it. */
    private static void assertRejects(ThrowingCallable call, String key, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.key()).isEqualTo(key);
                    assertThat(ce.getMessage()).contains("'" + key + "'").contains(messageParts).doesNotContain("\n");
                });
    }

    // ---- layering

    @Test
    void defaults_apply_when_nothing_is_set() {
        BrokerConfig c = BrokerConfig.load(null, Map.of(), Map.of());
        assertThat(c.getInt(BrokerConfig.LOG_SEGMENT_BYTES)).isEqualTo(1024 * 1024 * 1024);
        assertThat(c.getBoolean(BrokerConfig.AUTO_CREATE_TOPICS)).isFalse();
        assertThat(c.getString(BrokerConfig.LISTENER)).isEqualTo("127.0.0.1:9192");
    }

    @Test
    void the_file_overrides_defaults() throws IOException {
        BrokerConfig c = BrokerConfig.load(file("log.segment.bytes=2048", "auto.create.topics=true"), Map.of(), Map.of());
        assertThat(c.getInt(BrokerConfig.LOG_SEGMENT_BYTES)).isEqualTo(2048);
        assertThat(c.getBoolean(BrokerConfig.AUTO_CREATE_TOPICS)).isTrue();
    }

    @Test
    void environment_variables_override_the_file() throws IOException {
        BrokerConfig c = BrokerConfig.load(file("log.segment.bytes=2048", "broker.id=1"),
                Map.of("BROOK_LOG_SEGMENT_BYTES", "4096"), Map.of());
        assertThat(c.getInt(BrokerConfig.LOG_SEGMENT_BYTES)).isEqualTo(4096);
        assertThat(c.brokerId()).as("a key the environment does not set keeps the file's value").isEqualTo(1);
    }

    @Test
    void overrides_override_the_environment_and_the_file() throws IOException {
        BrokerConfig c = BrokerConfig.load(file("log.segment.bytes=2048"),
                Map.of("BROOK_LOG_SEGMENT_BYTES", "4096"), Map.of("log.segment.bytes", "8192"));
        assertThat(c.getInt(BrokerConfig.LOG_SEGMENT_BYTES)).isEqualTo(8192);
    }

    @Test
    void environment_variables_that_name_no_key_are_ignored() {
        BrokerConfig c = BrokerConfig.load(null, Map.of("BROOK_NO_SUCH_KEY", "1", "BROOK_BOOTSTRAP", "x:1", "PATH", "/bin"), Map.of());
        assertThat(c.values()).doesNotContainKey("no.such.key");
    }

    @Test
    void env_names_are_upper_case_with_underscores() {
        assertThat(BrokerConfig.envName("log.segment.bytes")).isEqualTo("BROOK_LOG_SEGMENT_BYTES");
        assertThat(BrokerConfig.envName("max.partitions.per.topic")).isEqualTo("BROOK_MAX_PARTITIONS_PER_TOPIC");
    }

    @Test
    void numbers_may_use_underscores_and_values_are_trimmed() {
        BrokerConfig c = BrokerConfig.of(Map.of("log.segment.bytes", " 1_048_576 ", "auto.create.topics", "TRUE"));
        assertThat(c.getInt(BrokerConfig.LOG_SEGMENT_BYTES)).isEqualTo(1_048_576);
        assertThat(c.getBoolean(BrokerConfig.AUTO_CREATE_TOPICS)).isTrue();
    }

    @Test
    void an_advertised_listener_changes_what_clients_are_told() {
        BrokerConfig c = BrokerConfig.of(Map.of("listener", "0.0.0.0:9192", "advertised.listener", "broker-1.example:19192"));
        assertThat(c.advertisedHost()).isEqualTo("broker-1.example");
        assertThat(c.advertisedPort()).isEqualTo(19192);
        assertThat(BrokerConfig.of(Map.of()).advertisedPort()).as("no advertised listener: the bound port").isEqualTo(-1);
    }

    // ---- rejected input

    @Test
    void an_unknown_key_in_the_file_is_rejected_naming_the_key_and_the_file() throws IOException {
        Path f = file("log.segment.bytes=2048", "log.segmnt.bytes=4096");
        assertRejects(() -> BrokerConfig.load(f, Map.of(), Map.of()), "log.segmnt.bytes", "unknown", f.toString());
    }

    @Test
    void an_unknown_key_in_the_overrides_is_rejected() {
        assertRejects(() -> BrokerConfig.load(null, Map.of(), Map.of("colour", "blue")), "colour", "unknown");
    }

    @Test
    void a_missing_file_is_a_config_error_naming_the_file() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> BrokerConfig.load(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "log.segment.bytes|abc|must be a number",
            "log.retention.ms|12h|must be a number",
            "broker.id|1.5|must be a number",
            "network.threads|99999999999|must be a number",
            "log.segment.bytes|100|at least 1024",
            "broker.id|-1|at least 0",
            "log.retention.check.interval.ms|10|at least 100",
            "listener|localhost|host:port",
            "listener|localhost:http|not a number",
            "listener|localhost:70000|outside 0..65535",
            "advertised.listener|:9192|host:port",
            "auto.create.topics|yes|true or false",
            "cluster.id|'  '|must not be empty",
    })
    void an_invalid_value_is_rejected_with_one_line_naming_the_key(String key, String value, String reason) {
        assertRejects(() -> BrokerConfig.of(Map.of(key, value)), key, reason);
    }

    @Test
    void an_invalid_value_from_the_environment_names_the_key() {
        assertRejects(() -> BrokerConfig.load(null, Map.of("BROOK_LOG_FLUSH_INTERVAL_MS", "often"), Map.of()),
                "log.flush.interval.ms", "must be a number", "often");
    }

    // ---- topic configs

    @Test
    void topic_overrides_of_known_keys_with_valid_values_pass_validation() {
        TopicConfig.validate(Map.of("retention.ms", "-1", "retention.bytes", "1048576", "segment.bytes", "4096",
                "segment.ms", "60000", "max.batch.bytes", "65536"));
    }

    @Test
    void an_unknown_topic_config_is_rejected_listing_the_known_ones() {
        assertRejects(() -> TopicConfig.validate(Map.of("cleanup.policy", "compact")), "cleanup.policy", "unknown topic config",
                "retention.ms", "segment.bytes");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "retention.ms|soon|must be a number",
            "retention.ms|-2|at least -1",
            "segment.bytes|10|at least 1024",
            "max.batch.bytes|1|at least 64",
            "segment.ms|0|at least 1",
    })
    void an_invalid_topic_config_value_names_the_topic_key_not_the_broker_key(String key, String value, String reason) {
        assertRejects(() -> TopicConfig.validate(Map.of(key, value)), key, "topic config", reason);
    }

    @Test
    void effective_topic_configs_are_the_overrides_else_the_broker_defaults() {
        BrokerConfig broker = BrokerConfig.of(Map.of("log.retention.bytes", "1000000"));
        Map<String, Map.Entry<String, Boolean>> effective = TopicConfig.effective(Map.of("retention.ms", " 5000 "), broker);
        assertThat(effective).containsOnlyKeys(TopicConfig.keys());
        assertThat(effective.get("retention.ms")).isEqualTo(Map.entry("5000", false));
        assertThat(effective.get("retention.bytes")).isEqualTo(Map.entry("1000000", true));
    }

    @Test
    void topic_overrides_become_the_storage_limits() {
        BrokerConfig broker = BrokerConfig.of(Map.of("log.segment.bytes", "8192", "log.index.interval.bytes", "512"));
        LogConfig log = TopicConfig.toLogConfig(Map.of("retention.bytes", "20000"), broker);
        assertThat(log.retentionBytes()).isEqualTo(20000);
        assertThat(log.segmentBytes()).isEqualTo(8192);
        assertThat(log.indexIntervalBytes()).isEqualTo(512);
    }
}
