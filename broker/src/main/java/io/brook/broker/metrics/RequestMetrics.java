package io.brook.broker.metrics;

import io.brook.broker.network.RequestObserver;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;

/**
 * Requests per API: count, frame-level errors by error code, and latency from receipt to answer. The
 * label children of every known API are created up front, so that answering a request costs two
 * array reads, a counter increment and a histogram observation. Thread-safe.
 */
final class RequestMetrics implements RequestObserver {

    private final CounterDataPoint[] requests;
    private final DistributionDataPoint[] latency;
    private final String[] apiLabel;
    private final Counter errors;

    RequestMetrics(PrometheusRegistry registry) {
        Counter total = Counter.builder().name("brook_requests_total")
                .help("Requests answered (or ended without an answer: produce with acks=0, RAFT), per API.")
                .labelNames("api").register(registry);
        this.errors = Counter.builder().name("brook_request_errors_total")
                .help("Requests answered with a frame-level error, per API and error code (errors inside a response, "
                        + "per partition, are not counted).")
                .labelNames("api", "error_code").register(registry);
        Histogram seconds = Histogram.builder().name("brook_request_duration_seconds").unit(Unit.SECONDS)
                .help("Time from a request's arrival to its answer being handed to the connection, per API.")
                .classicOnly().classicUpperBounds(Buckets.REQUEST_SECONDS)
                .labelNames("api").register(registry);
        int max = 0;
        for (ApiKey k : ApiKey.values()) {
            max = Math.max(max, k.id());
        }
        requests = new CounterDataPoint[max + 1];
        latency = new DistributionDataPoint[max + 1];
        apiLabel = new String[max + 1];
        for (ApiKey k : ApiKey.values()) {
            apiLabel[k.id()] = label(k);
            requests[k.id()] = total.labelValues(apiLabel[k.id()]);
            latency[k.id()] = seconds.labelValues(apiLabel[k.id()]);
        }
    }

    /** The {@code api} label of {@code key}: its name in lower case ({@code produce}, {@code api_versions}). */
    static String label(ApiKey key) {
        return key.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void answered(short apiKey, int errorCode, long nanos) {
        if (apiKey < 0 || apiKey >= requests.length || requests[apiKey] == null) {
            return; // an API no broker knows: the client's error, answered UNSUPPORTED_API, not a series of its own
        }
        requests[apiKey].inc();
        latency[apiKey].observe(nanos / Buckets.NANOS_PER_SECOND);
        if (errorCode != 0) {
            ErrorCode code = ErrorCode.forNumber(errorCode);
            errors.labelValues(apiLabel[apiKey], code == null ? Integer.toString(errorCode) : code.name().toLowerCase(Locale.ROOT)).inc();
        }
    }
}
