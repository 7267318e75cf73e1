package io.brook.broker.config;

import io.brook.storage.LogConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Topic-level settings that may be overridden per topic, with their defaults taken from the
 * broker's {@code log.*} keys. A topic stores only its overrides; the effective values are computed
 * here.
 */
public final class TopicConfig {

    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MAX_BATCH_BYTES = "max.batch.bytes";

    private static final Map<String, String> BROKER_KEY = Map.of(
            RETENTION_MS, BrokerConfig.LOG_RETENTION_MS,
            RETENTION_BYTES, BrokerConfig.LOG_RETENTION_BYTES,
            SEGMENT_BYTES, BrokerConfig.LOG_SEGMENT_BYTES,
            SEGMENT_MS, BrokerConfig.LOG_SEGMENT_MS,
            MAX_BATCH_BYTES, BrokerConfig.LOG_MAX_BATCH_BYTES);

    private TopicConfig() {}

    /** Names of the settable keys. */
    public static java.util.Set<String> keys() {
        return new java.util.TreeSet<>(BROKER_KEY.keySet());
    }

    /**
     * Checks overrides: known keys, values of the right type and range.
     *
     * @throws ConfigException naming the first bad key
     */
    public static void validate(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String brokerKey = BROKER_KEY.get(e.getKey());
            if (brokerKey == null) {
                throw new ConfigException(e.getKey(), "unknown topic config '" + e.getKey() + "'; known: " + keys());
            }
            try {
                BrokerConfig.DEF.parseValue(brokerKey, e.getValue());
            } catch (ConfigException ce) {
                throw new ConfigException(e.getKey(), ce.getMessage().replace("config key '" + brokerKey + "'", "topic config '" + e.getKey() + "'"));
            }
        }
        toLogConfig(overrides, BrokerConfig.of(Map.of()));
    }

    /** Effective value of every topic key, with whether it is the broker default. */
    public static Map<String, Map.Entry<String, Boolean>> effective(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, Map.Entry<String, Boolean>> out = new TreeMap<>();
        for (Map.Entry<String, String> e : BROKER_KEY.entrySet()) {
            String v = overrides.get(e.getKey());
            out.put(e.getKey(), v != null ? Map.entry(v.trim(), false) : Map.entry(String.valueOf(broker.values().get(e.getValue())), true));
        }
        return out;
    }

    /**
     * The storage limits for a topic.
     *
     * @throws ConfigException when the combination is invalid
     */
    public static LogConfig toLogConfig(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : BROKER_KEY.entrySet()) {
            String o = overrides.get(e.getKey());
            v.put(e.getKey(), o != null ? BrokerConfig.DEF.parseValue(e.getValue(), o) : broker.values().get(e.getValue()));
        }
        try {
            return LogConfig.defaults()
                    .withRetentionMs((Long) v.get(RETENTION_MS))
                    .withRetentionBytes((Long) v.get(RETENTION_BYTES))
                    .withSegmentBytes((Integer) v.get(SEGMENT_BYTES))
                    .withSegmentMs((Long) v.get(SEGMENT_MS))
                    .withMaxBatchBytes((Integer) v.get(MAX_BATCH_BYTES))
                    .withIndexIntervalBytes(broker.getInt(BrokerConfig.LOG_INDEX_INTERVAL_BYTES));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, e.getMessage());
        }
    }
}
