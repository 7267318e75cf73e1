package io.brook.broker.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A table of configuration keys: name, type, default, lower bound and documentation. Parses string
 * values into typed ones and rejects unknown keys and bad values with a {@link ConfigException}
 * that names the key.
 */
public final class ConfigDef {

    /** Value types. */
    public enum Type { INT, LONG, BOOLEAN, STRING, DOUBLE }

    /** One key. {@code min} applies to numbers; {@code check} (may be null) validates strings. */
    public record Key(String name, Type type, String defaultValue, long min, Function<String, String> check, String doc) {}

    private final Map<String, Key> keys = new LinkedHashMap<>();

    public ConfigDef define(String name, Type type, String defaultValue, long min, String doc) {
        keys.put(name, new Key(name, type, defaultValue, min, null, doc));
        return this;
    }

    public ConfigDef define(String name, Type type, String defaultValue, Function<String, String> check, String doc) {
        keys.put(name, new Key(name, type, defaultValue, Long.MIN_VALUE, check, doc));
        return this;
    }

    public Map<String, Key> keys() {
        return Collections.unmodifiableMap(keys);
    }

    public boolean contains(String name) {
        return keys.containsKey(name);
    }

    /**
     * Parses and checks {@code raw} (unknown keys rejected) on top of the defaults.
     *
     * @param source where the values came from, for error messages (e.g. a file name)
     * @return every key with its typed value
     */
    public Map<String, Object> parse(Map<String, String> raw, String source) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (!keys.containsKey(e.getKey())) {
                throw new ConfigException(e.getKey(), "unknown config key '" + e.getKey() + "'" + (source == null ? "" : " in " + source));
            }
        }
        for (Key k : keys.values()) {
            String v = raw.getOrDefault(k.name(), k.defaultValue());
            values.put(k.name(), parseValue(k, v, raw.containsKey(k.name()) ? source : "defaults"));
        }
        return values;
    }

    /** Parses one value of a known key. */
    public Object parseValue(String name, String value) {
        Key k = keys.get(name);
        if (k == null) {
            throw new ConfigException(name, "unknown config key '" + name + "'");
        }
        return parseValue(k, value, null);
    }

    private static Object parseValue(Key k, String v, String source) {
        String where = source == null ? "" : " (from " + source + ")";
        if (v == null) {
            throw new ConfigException(k.name(), "config key '" + k.name() + "' has no value" + where);
        }
        String s = v.trim();
        try {
            switch (k.type()) {
                case INT -> {
                    int i = Integer.parseInt(s.replace("_", ""));
                    checkMin(k, i, where);
                    return i;
                }
                case LONG -> {
                    long l = Long.parseLong(s.replace("_", ""));
                    checkMin(k, l, where);
                    return l;
                }
                case DOUBLE -> {
                    return Double.parseDouble(s);
                }
                case BOOLEAN -> {
                    String b = s.toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        throw new ConfigException(k.name(), "config key '" + k.name() + "' must be true or false, got '" + v + "'" + where);
                    }
                    return Boolean.parseBoolean(b);
                }
                default -> {
                    if (k.check() != null) {
                        String problem = k.check().apply(s);
                        if (problem != null) {
                            throw new ConfigException(k.name(), "config key '" + k.name() + "': " + problem + where);
                        }
                    }
                    return s;
                }
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(k.name(), "config key '" + k.name() + "' must be a number, got '" + v + "'" + where);
        }
    }

    private static void checkMin(Key k, long value, String where) {
        if (value < k.min()) {
            throw new ConfigException(k.name(), "config key '" + k.name() + "' must be at least " + k.min() + ", got " + value + where);
        }
    }
}
