package io.brook.client.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, as Kafka's: {@code base * 2^(attempt-1)}, capped, then spread by
 * ±20% so that clients that failed together do not retry together. Immutable.
 */
public final class Backoff {

    private static final double JITTER = 0.2;

    private final long baseMs;
    private final long maxMs;

    public Backoff(long baseMs, long maxMs) {
        this.baseMs = baseMs;
        this.maxMs = Math.max(baseMs, maxMs);
    }

    /** @param attempt the number of failed attempts so far, from 1 */
    public long delayMs(int attempt) {
        if (baseMs == 0) {
            return 0;
        }
        int exp = Math.min(Math.max(attempt - 1, 0), 30);
        double raw = Math.min((double) baseMs * (1L << exp), maxMs);
        double jitter = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.min(maxMs, Math.round(raw * jitter)));
    }
}
