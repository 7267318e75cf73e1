package io.brook.replication.control.memory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An in-process network of {@link InMemoryControlTransport}s, one per broker address, for tests. It
 * delivers every request and response on its own threads (never on the caller's), after an optional
 * latency, and can fail like a network:
 * <ul>
 *   <li>a request to an address with no open endpoint (or no handler) fails with
 *       {@link java.net.ConnectException}, like a refused connection;</li>
 *   <li>a request over a cut link, or to or from an isolated address, is dropped silently: the caller
 *       sees a {@link java.util.concurrent.TimeoutException} after its timeout, as with a partition
 *       (a response crossing a link cut meanwhile is dropped too).</li>
 * </ul>
 * Thread-safe. {@link #close()} stops the delivery threads.
 */
public final class InMemoryControlNetwork implements AutoCloseable {

    private final Map<String, InMemoryControlTransport> endpoints = new ConcurrentHashMap<>();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final Set<String> cutLinks = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile long latencyNanos;

    public InMemoryControlNetwork() {
        scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "in-memory-control-net");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Opens the endpoint of the broker listening at {@code address}.
     *
     * @throws IllegalStateException when an open endpoint already listens there
     */
    public InMemoryControlTransport endpoint(String address) {
        InMemoryControlTransport t = new InMemoryControlTransport(this, address);
        InMemoryControlTransport previous = endpoints.putIfAbsent(address, t);
        if (previous != null) {
            throw new IllegalStateException("an endpoint already listens at " + address);
        }
        return t;
    }

    /** Drops every message to and from {@code address} until {@link #reconnect}. */
    public void isolate(String address) {
        isolated.add(address);
    }

    public void reconnect(String address) {
        isolated.remove(address);
    }

    /** Drops every message between {@code a} and {@code b}, both ways, until {@link #heal}. */
    public void cut(String a, String b) {
        cutLinks.add(link(a, b));
    }

    public void heal(String a, String b) {
        cutLinks.remove(link(a, b));
    }

    /** Undoes every isolation and cut. */
    public void healAll() {
        isolated.clear();
        cutLinks.clear();
    }

    /** Delays each request and each response by {@code latency} (default zero). */
    public void latency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        endpoints.clear();
    }

    // ---- used by the endpoints

    boolean connected(String from, String to) {
        return !isolated.contains(from) && !isolated.contains(to) && !cutLinks.contains(link(from, to));
    }

    InMemoryControlTransport lookup(String address) {
        return endpoints.get(address);
    }

    void remove(InMemoryControlTransport endpoint) {
        endpoints.remove(endpoint.address(), endpoint);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void deliver(Runnable r) {
        long delay = latencyNanos;
        if (delay > 0) {
            scheduler.schedule(r, delay, TimeUnit.NANOSECONDS);
        } else {
            scheduler.execute(r);
        }
    }

    private static String link(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }
}
