package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.metrics.Scrape;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /health/ready follows the broker's registration with the controller quorum: a broker whose quorum
 * cannot form (one voter of three running) is live but not ready; once a second voter starts, the
 * quorum forms, the broker registers and becomes ready.
 */
class ReadinessTest {

    @Test
    void a_broker_is_live_but_not_ready_until_the_controller_quorum_accepts_its_registration() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(3, Map.of(BrokerConfig.METRICS_LISTENER, "127.0.0.1:0"))) {
            // given broker 1 alone: one voter of three, so no controller and no registration
            Broker first = cluster.start(1);
            InetSocketAddress endpoint = first.metricsAddress();

            // then it is live and not ready
            assertThat(Scrape.get(endpoint, "/health/live", "*/*").statusCode()).isEqualTo(200);
            assertThat(Scrape.get(endpoint, "/health/ready", "*/*").statusCode()).isEqualTo(503);
            assertThat(Scrape.get(endpoint, "/health/ready", "*/*").body()).isEqualTo("not ready\n");

            // when a second voter starts, a controller is elected and broker 1's registration goes through
            Broker second = cluster.start(2);

            // then both become ready, each on its own endpoint
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(Scrape.get(endpoint, "/health/ready", "*/*").statusCode()).isEqualTo(200);
                assertThat(Scrape.get(second.metricsAddress(), "/health/ready", "*/*").statusCode()).isEqualTo(200);
            });
            assertThat(second.metricsAddress().getPort()).isNotEqualTo(endpoint.getPort());
        }
    }
}
