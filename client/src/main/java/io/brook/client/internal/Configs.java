package io.brook.client.internal;

import io.brook.client.InvalidConfigException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/** Parsing and checking of client configuration values, shared by the public config classes. */
public final class Configs {

    /** The address of a broker started with default settings. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9192";

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private Configs() {}

    /** A client id unique within this JVM, such as {@code brook-producer-3}. */
    public static String defaultClientId(String role) {
        return "brook-" + role + "-" + CLIENT_IDS.incrementAndGet();
    }

    /**
     * Parses a comma-separated list of {@code host:port} ({@code [v6-address]:port} for IPv6).
     *
     * @throws InvalidConfigException naming the bad entry
     */
    public static List<InetSocketAddress> parseBootstrap(String servers) {
        if (servers == null || servers.isBlank()) {
            throw new InvalidConfigException("bootstrap.servers is empty: give at least one broker as host:port, e.g. "
                    + DEFAULT_BOOTSTRAP);
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String raw : servers.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String host = colon > 0 ? entry.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new InvalidConfigException("bootstrap.servers entry '" + entry
                        + "' is not host:port with a port in 1..65535, e.g. " + DEFAULT_BOOTSTRAP);
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (out.isEmpty()) {
            throw new InvalidConfigException("bootstrap.servers '" + servers + "' names no broker: give host:port, e.g. "
                    + DEFAULT_BOOTSTRAP);
        }
        return List.copyOf(out);
    }

    /** @throws InvalidConfigException when {@code value < min} */
    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new InvalidConfigException(key + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** @throws InvalidConfigException when {@code value < min} */
    public static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new InvalidConfigException(key + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Reads a {@link Properties} with Kafka-like dotted keys, remembering which were used so that
     * unknown (misspelled) keys are reported instead of silently ignored.
     */
    public static final class PropertyReader {
        private final Properties props;
        private final String owner;
        private final Set<String> known = new TreeSet<>();

        /** @param owner producer, consumer or admin: for error messages */
        public PropertyReader(Properties props, String owner) {
            this.props = props;
            this.owner = owner;
        }

        public PropertyReader string(String key, Consumer<String> setter) {
            known.add(key);
            String v = props.getProperty(key);
            if (v != null) {
                setter.accept(v.trim());
            }
            return this;
        }

        public PropertyReader integer(String key, IntConsumer setter) {
            return string(key, v -> setter.accept((int) parse(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE)));
        }

        public PropertyReader longValue(String key, LongConsumer setter) {
            return string(key, v -> setter.accept(parse(key, v, Long.MIN_VALUE, Long.MAX_VALUE)));
        }

        public PropertyReader bool(String key, Consumer<Boolean> setter) {
            return string(key, v -> {
                String s = v.toLowerCase(Locale.ROOT);
                if (!s.equals("true") && !s.equals("false")) {
                    throw new InvalidConfigException(key + " must be true or false, got '" + v + "'");
                }
                setter.accept(Boolean.parseBoolean(s));
            });
        }

        /** @throws InvalidConfigException listing the unknown keys and the known ones */
        public void rejectUnknown() {
            Set<String> unknown = new TreeSet<>();
            for (String k : props.stringPropertyNames()) {
                if (!known.contains(k)) {
                    unknown.add(k);
                }
            }
            if (!unknown.isEmpty()) {
                throw new InvalidConfigException("unknown " + owner + " config " + unknown + "; known keys: " + known);
            }
        }

        private static long parse(String key, String v, long min, long max) {
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key + " must be an integer"
                        + (max == Integer.MAX_VALUE ? " (32-bit)" : "") + ", got '" + v + "'");
            }
        }
    }
}
