package io.brook.replication.control.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryControlTransportTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private final InMemoryControlNetwork network = new InMemoryControlNetwork();
    private final InMemoryControlTransport a = network.endpoint("a:1");
    private final InMemoryControlTransport b = network.endpoint("b:1");

    @AfterEach
    void close() {
        network.close();
    }

    @Test
    void a_request_gets_the_handlers_response_on_a_network_thread_with_copied_bytes() throws Exception {
        byte[] sent = {1, 2, 3};
        b.handler(payload -> {
            payload[0] = 9;
            return CompletableFuture.completedFuture(new byte[] {(byte) payload.length, (byte) (Thread.currentThread().getName()
                    .startsWith("in-memory-control-net") ? 1 : 0)});
        });

        byte[] answer = a.request("b:1", sent, TIMEOUT).get(1, TimeUnit.SECONDS);

        assertThat(answer).containsExactly(3, 1);
        assertThat(sent[0]).isEqualTo((byte) 1);
    }

    @Test
    void an_address_without_an_open_endpoint_or_handler_refuses() {
        assertThatThrownBy(() -> a.request("b:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> a.request("nowhere:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
        b.handler(p -> CompletableFuture.completedFuture(p));
        b.close();
        assertThatThrownBy(() -> a.request("b:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> b.request("a:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void cut_links_and_isolated_addresses_drop_messages_until_healed() throws Exception {
        b.handler(p -> CompletableFuture.completedFuture(p));

        network.cut("b:1", "a:1");
        assertThatThrownBy(() -> a.request("b:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
        network.heal("a:1", "b:1");
        network.isolate("a:1");
        assertThatThrownBy(() -> a.request("b:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
        network.healAll();
        assertThat(a.request("b:1", new byte[] {5}, TIMEOUT).get(1, TimeUnit.SECONDS)).containsExactly(5);
    }

    @Test
    void a_handler_that_never_answers_times_out() {
        b.handler(p -> new CompletableFuture<>());

        assertThatThrownBy(() -> a.request("b:1", new byte[0], TIMEOUT).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void latency_delays_the_request_and_the_response() throws Exception {
        b.handler(p -> CompletableFuture.completedFuture(p));
        network.latency(Duration.ofMillis(60));

        long start = System.nanoTime();
        a.request("b:1", new byte[] {1}, Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMs).isGreaterThanOrEqualTo(120);
        assertThatThrownBy(() -> a.request("b:1", new byte[0], Duration.ofMillis(50)).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void a_second_open_endpoint_at_one_address_is_refused() {
        assertThatThrownBy(() -> network.endpoint("a:1")).isInstanceOf(IllegalStateException.class);
        a.close();
        assertThat(network.endpoint("a:1").address()).isEqualTo("a:1");
    }
}
