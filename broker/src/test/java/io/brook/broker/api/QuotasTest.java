package io.brook.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.broker.config.QuotaOverrides;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token-bucket arithmetic of {@link Quotas}, on a clock the test moves. */
class QuotasTest {

    private static final long MS = 1_000_000L;

    @Test
    void a_principal_within_its_rate_is_never_delayed() {
        Quotas q = new Quotas(1000, 0, Map.of(), Set.of());
        long now = 0;
        for (int i = 0; i < 100; i++) {
            assertThat(q.record("User:a", Quotas.Kind.PRODUCE, 100, now)).isZero();
            now += 100 * MS; // 100 bytes per 100 ms = the rate
        }
    }

    @Test
    void a_deficit_becomes_the_delay_that_brings_the_rate_back_under_the_quota() {
        Quotas q = new Quotas(1000, 0, Map.of(), Set.of());

        // one second of burst is free
        assertThat(q.record("User:a", Quotas.Kind.PRODUCE, 1000, 0)).isZero();
        // 500 bytes more at once: 0.5 s of deficit
        assertThat(q.record("User:a", Quotas.Kind.PRODUCE, 500, 0)).isEqualTo(500);
        // after 200 ms, 100 more: the deficit was 500 - 200 = 300 bytes, now 400
        assertThat(q.record("User:a", Quotas.Kind.PRODUCE, 100, 200 * MS)).isEqualTo(400);
        // another principal has its own bucket
        assertThat(q.record("User:b", Quotas.Kind.PRODUCE, 1000, 200 * MS)).isZero();
        // fetch has no quota here
        assertThat(q.record("User:a", Quotas.Kind.FETCH, 1_000_000, 200 * MS)).isZero();
    }

    @Test
    void one_response_waits_at_most_the_cap_and_the_rest_of_the_deficit_delays_the_next() {
        Quotas q = new Quotas(1000, 0, Map.of(), Set.of());
        assertThat(q.record("User:a", Quotas.Kind.PRODUCE, 1000 + 60_000, 0)).isEqualTo(Quotas.MAX_THROTTLE_MS);
        assertThat(q.record("User:a", Quotas.Kind.PRODUCE, 1, Quotas.MAX_THROTTLE_MS * MS)).isEqualTo(Quotas.MAX_THROTTLE_MS);
    }

    @Test
    void overrides_replace_the_defaults_and_super_users_are_exempt() {
        Map<String, Map<String, Long>> parsed = QuotaOverrides.parse("User:fast=produce:0/fetch:5, User:slow=produce:10");
        assertThat(parsed).containsEntry("User:fast", Map.of("produce", 0L, "fetch", 5L)).containsEntry("User:slow", Map.of("produce", 10L));
        Quotas q = new Quotas(1000, 1000, Map.of("User:fast", Map.of(Quotas.Kind.PRODUCE, 0L), "User:slow",
                Map.of(Quotas.Kind.PRODUCE, 10L)), Set.of("User:admin"));

        assertThat(q.rate("User:fast", Quotas.Kind.PRODUCE)).isZero();
        assertThat(q.rate("User:fast", Quotas.Kind.FETCH)).isEqualTo(1000);
        assertThat(q.rate("User:slow", Quotas.Kind.PRODUCE)).isEqualTo(10);
        assertThat(q.rate("User:other", Quotas.Kind.PRODUCE)).isEqualTo(1000);
        assertThat(q.record("User:admin", Quotas.Kind.PRODUCE, 1_000_000, 0)).isZero();
    }

    @Test
    void malformed_overrides_are_refused_with_the_part_that_does_not_parse() {
        assertThatThrownBy(() -> QuotaOverrides.parse("User:a")).hasMessageContaining("PRINCIPAL=produce:N");
        assertThatThrownBy(() -> QuotaOverrides.parse("User:a=write:5")).hasMessageContaining("write:5");
        assertThatThrownBy(() -> QuotaOverrides.parse("User:a=produce:x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> QuotaOverrides.parse("User:a=produce:-1")).hasMessageContaining("negative");
    }
}
