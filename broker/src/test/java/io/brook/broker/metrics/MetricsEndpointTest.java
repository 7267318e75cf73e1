package io.brook.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The health endpoints: live while the process runs, ready only when the broker says so. */
class MetricsEndpointTest {

    @Test
    void ready_is_503_until_the_broker_is_ready_and_again_once_it_is_not() {
        // given an endpoint on a free port whose broker is not ready
        AtomicBoolean ready = new AtomicBoolean();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), ready::get)) {
            InetSocketAddress at = endpoint.address();
            assertThat(at.getPort()).isPositive();

            // then ready is 503 and live 200; once ready, 200; when shutting down, 503 again
            assertThat(Scrape.get(at, HealthHandler.READY, "*/*").statusCode()).isEqualTo(503);
            assertThat(Scrape.get(at, HealthHandler.LIVE, "*/*").statusCode()).isEqualTo(200);
            ready.set(true);
            assertThat(Scrape.get(at, HealthHandler.READY, "*/*").statusCode()).isEqualTo(200);
            ready.set(false);
            assertThat(Scrape.get(at, HealthHandler.READY, "*/*").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void unknown_paths_are_404() {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), () -> true)) {
            assertThat(Scrape.get(endpoint.address(), "/health", "*/*").statusCode()).isEqualTo(404);
            assertThat(Scrape.get(endpoint.address(), "/nothing", "*/*").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_port_in_use_fails_with_the_config_key_in_the_message() {
        try (MetricsEndpoint first = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), () -> true)) {
            assertThatThrownBy(() -> MetricsEndpoint.start(first.address(), new PrometheusRegistry(), () -> true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("metrics.listener");
        }
    }
}
