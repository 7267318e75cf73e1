package io.brook.broker.metrics;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.LabelPair;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.MetricFamily;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A test's scrape of a metrics endpoint: {@code /metrics} fetched in the Prometheus protobuf format and
 * parsed with the Prometheus Java client's own generated classes (the client has no text parser), plus
 * plain GETs for the text format and the health endpoints.
 */
public final class Scrape {

    /** The Accept header of a Prometheus server asking for the delimited protobuf format. */
    public static final String PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, MetricFamily> families;

    private Scrape(Map<String, MetricFamily> families) {
        this.families = families;
    }

    /** Scrapes {@code /metrics} in the protobuf format. */
    public static Scrape of(InetSocketAddress endpoint) {
        HttpResponse<byte[]> r = get(endpoint, "/metrics", PROTOBUF, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf")) {
            throw new AssertionError("/metrics answered " + r.statusCode() + " with " + r.headers().firstValue("Content-Type"));
        }
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        try (InputStream in = new ByteArrayInputStream(r.body())) {
            MetricFamily f;
            while ((f = MetricFamily.parseDelimitedFrom(in)) != null) {
                families.put(f.getName(), f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(families);
    }

    /** A GET of {@code path}, its body as text. */
    public static HttpResponse<String> get(InetSocketAddress endpoint, String path, String accept) {
        return get(endpoint, path, accept, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> get(InetSocketAddress endpoint, String path, String accept, HttpResponse.BodyHandler<T> body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + endpoint.getHostString() + ":" + endpoint.getPort() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(req, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Map<String, MetricFamily> families() {
        return families;
    }

    public MetricFamily family(String name) {
        MetricFamily f = families.get(name);
        if (f == null) {
            throw new AssertionError("no metric family " + name + " in the scrape; it has " + families.keySet());
        }
        return f;
    }

    /** The series of {@code family} whose labels include every {@code name, value} pair given. */
    public Optional<Metric> series(String family, String... labels) {
        return family(family).getMetricList().stream().filter(m -> hasLabels(m, labels)).findFirst();
    }

    /** The value of a counter or gauge series, or of a histogram's sample count. */
    public double value(String family, String... labels) {
        Metric m = series(family, labels).orElseThrow(() -> new AssertionError("no series of " + family + " with labels "
                + String.join(",", labels) + " in " + family(family).getMetricList()));
        return switch (family(family).getType()) {
            case COUNTER -> m.getCounter().getValue();
            case GAUGE -> m.getGauge().getValue();
            case HISTOGRAM -> m.getHistogram().getSampleCount();
            default -> throw new AssertionError(family + " is a " + family(family).getType());
        };
    }

    private static boolean hasLabels(Metric m, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            String name = labels[i];
            String value = labels[i + 1];
            boolean found = false;
            for (LabelPair p : m.getLabelList()) {
                found |= p.getName().equals(name) && p.getValue().equals(value);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
