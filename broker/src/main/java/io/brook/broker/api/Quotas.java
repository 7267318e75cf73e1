package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.QuotaOverrides;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Produce and fetch byte-rate quotas per principal, as Kafka enforces them: nothing is refused or
 * dropped; once a principal has used more than its rate, the broker holds back its responses (and
 * stops reading from the connection meanwhile) for as long as it takes the rate to fall back under the
 * quota. Each principal has a token bucket per direction holding at most one second of its rate; a
 * request's bytes are taken from it, and a deficit of D bytes at rate R delays the response by D / R
 * seconds. Rates come from {@code quota.produce.bytes.per.second} and {@code quota.fetch.bytes.per.second}
 * (0: no quota), and per principal from {@code quota.overrides}. Super users are not throttled.
 *
 * <p>Thread-safe: buckets are per principal and synchronized; connections of one principal on several
 * event loops share its bucket.
 */
public final class Quotas {

    /**
     * The longest a single response is held back. A deficit larger than this stays in the bucket and
     * delays the next responses too, so the long-run rate still holds; the cap keeps one response
     * within the client's request timeout.
     */
    public static final long MAX_THROTTLE_MS = 10_000;

    /** Which quota a request counts against. */
    public enum Kind { PRODUCE, FETCH }

    private final Map<Kind, Long> defaults;
    private final Map<String, Map<Kind, Long>> overrides;
    private final java.util.Set<String> exempt;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Quotas(BrokerConfig config) {
        this(config.getLong(BrokerConfig.QUOTA_PRODUCE_BYTES_PER_SECOND), config.getLong(BrokerConfig.QUOTA_FETCH_BYTES_PER_SECOND),
                overrides(config.getString(BrokerConfig.QUOTA_OVERRIDES)), config.superUsers());
    }

    Quotas(long produce, long fetch, Map<String, Map<Kind, Long>> overrides, java.util.Set<String> exempt) {
        this.defaults = Map.of(Kind.PRODUCE, produce, Kind.FETCH, fetch);
        this.overrides = Map.copyOf(overrides);
        this.exempt = java.util.Set.copyOf(exempt);
    }

    private static Map<String, Map<Kind, Long>> overrides(String v) {
        Map<String, Map<Kind, Long>> out = new HashMap<>();
        QuotaOverrides.parse(v).forEach((principal, rates) -> {
            Map<Kind, Long> byKind = new HashMap<>();
            rates.forEach((k, r) -> byKind.put(k.equals(QuotaOverrides.PRODUCE) ? Kind.PRODUCE : Kind.FETCH, r));
            out.put(principal, byKind);
        });
        return out;
    }

    /** The principal's rate for {@code kind} in bytes per second; 0 = unlimited. */
    long rate(String principal, Kind kind) {
        if (exempt.contains(principal)) {
            return 0;
        }
        Map<Kind, Long> o = overrides.get(principal);
        Long r = o == null ? null : o.get(kind);
        return r != null ? r : defaults.get(kind);
    }

    /**
     * Counts {@code bytes} of {@code principal}'s requests of {@code kind}.
     *
     * @return how long to hold the response back, in milliseconds (0: not throttled)
     */
    public long record(String principal, Kind kind, long bytes, long nowNanos) {
        long rate = rate(principal, kind);
        if (rate <= 0 || bytes <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(principal + "\u0000" + kind, k -> new Bucket(rate, nowNanos)).take(bytes, nowNanos);
    }

    /** A token bucket of at most one second of {@code rate}; tokens may go negative (the deficit is the delay). */
    private static final class Bucket {
        private final long rate;
        private double tokens;
        private long lastNanos;

        Bucket(long rate, long nowNanos) {
            this.rate = rate;
            this.tokens = rate;
            this.lastNanos = nowNanos;
        }

        synchronized long take(long bytes, long nowNanos) {
            long elapsed = Math.max(0, nowNanos - lastNanos);
            lastNanos = Math.max(lastNanos, nowNanos);
            tokens = Math.min(rate, tokens + elapsed * (double) rate / 1e9);
            tokens -= bytes;
            return tokens >= 0 ? 0 : Math.min(MAX_THROTTLE_MS, (long) Math.ceil(-tokens * 1000.0 / rate));
        }
    }
}
