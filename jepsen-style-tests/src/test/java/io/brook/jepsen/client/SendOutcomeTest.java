package io.brook.jepsen.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.ConnectionException;
import io.brook.client.NotLeaderException;
import io.brook.client.TimeoutException;
import io.brook.jepsen.history.Op;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Only errors that prove the broker did not append are definite failures; everything else is unknown. */
class SendOutcomeTest {

    @Test
    void not_leader_is_a_definite_failure_even_inside_future_wrappers() {
        NotLeaderException e = new NotLeaderException("broker 2 does not lead t-0", 3);
        assertThat(SendOutcome.of(e)).isEqualTo(Op.Type.FAIL);
        assertThat(SendOutcome.of(new ExecutionException(new CompletionException(e)))).isEqualTo(Op.Type.FAIL);
        assertThat(SendOutcome.describe(new ExecutionException(e))).isEqualTo("NotLeaderException: broker 2 does not lead t-0");
    }

    @Test
    void time_outs_and_lost_connections_are_indeterminate() {
        assertThat(SendOutcome.of(new ExecutionException(new TimeoutException("request timed out")))).isEqualTo(Op.Type.INFO);
        assertThat(SendOutcome.of(new ConnectionException("connection closed"))).isEqualTo(Op.Type.INFO);
        assertThat(SendOutcome.of(new IllegalStateException("anything else"))).isEqualTo(Op.Type.INFO);
    }
}
