package io.brook.broker.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The HTTP endpoint on {@code metrics.listener}: {@code /metrics} in whichever exposition format the
 * scraper negotiates (Prometheus text, OpenMetrics, protobuf; the Prometheus Java client's exporter
 * writes them), {@code /health/live} and {@code /health/ready} ({@link HealthHandler}). One thread
 * serves it. {@link #close} is idempotent.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;
    private final ExecutorService executor;
    private final InetSocketAddress address;

    private MetricsEndpoint(HTTPServer server, ExecutorService executor, InetSocketAddress address) {
        this.server = server;
        this.executor = executor;
        this.address = address;
    }

    /** Listens on {@code bind} (port 0: a free port) and serves a broker's metrics. @see #start(InetSocketAddress, PrometheusRegistry, BooleanSupplier) */
    public static MetricsEndpoint start(InetSocketAddress bind, BrokerMetrics metrics, BooleanSupplier ready) {
        return start(bind, metrics.registry(), ready);
    }

    /**
     * Listens on {@code bind} (port 0: a free port) and serves {@code registry}.
     *
     * @param ready whether the broker serves clients now, for {@code /health/ready}
     * @throws IllegalStateException with a one-line reason when it cannot listen
     */
    public static MetricsEndpoint start(InetSocketAddress bind, PrometheusRegistry registry, BooleanSupplier ready) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "brook-metrics-http");
            t.setDaemon(true);
            return t;
        });
        try {
            InetAddress host = InetAddress.getByName(bind.getHostString());
            HTTPServer server = HTTPServer.builder().inetAddress(host).port(bind.getPort()).registry(registry)
                    .executorService(executor).registerHealthHandler(false).defaultHandler(new HealthHandler(ready))
                    .buildAndStart();
            return new MetricsEndpoint(server, executor, new InetSocketAddress(host, server.getPort()));
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " (metrics.listener): "
                    + e.getMessage(), e);
        }
    }

    /** Where it listens (with the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
