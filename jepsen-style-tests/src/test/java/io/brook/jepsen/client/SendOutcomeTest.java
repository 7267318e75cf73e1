package io.brook.jepsen.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.BufferExhaustedException;
import io.brook.client.ConnectionException;
import io.brook.client.NotLeaderException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.TimeoutException;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.jepsen.history.Op;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Only errors that prove no attempt of the producer appended the record are definite failures;
 * everything else is unknown.
 */
class SendOutcomeTest {

    private static final int NO_RETRIES = 0;
    private static final int RETRIES = Integer.MAX_VALUE;

    @Test
    void not_leader_after_the_only_attempt_is_a_definite_failure_even_inside_future_wrappers() {
        // given
        NotLeaderException e = new NotLeaderException("broker 2 does not lead t-0", 3);
        // when / then
        assertThat(SendOutcome.of(e, false, NO_RETRIES)).isEqualTo(Op.Type.FAIL);
        assertThat(SendOutcome.of(new ExecutionException(new CompletionException(e)), false, NO_RETRIES))
                .isEqualTo(Op.Type.FAIL);
        assertThat(SendOutcome.describe(new ExecutionException(e))).isEqualTo("NotLeaderException: broker 2 does not lead t-0");
    }

    @Test
    void a_broker_answer_to_a_producer_that_retries_is_indeterminate_since_an_earlier_attempt_may_have_appended() {
        // given: the last attempt was refused, an earlier one may have timed out after the append
        NotLeaderException notLeader = new NotLeaderException("broker 2 does not lead t-0", 3);
        RecordTooLargeException tooLarge = new RecordTooLargeException("batch too large for the broker");
        // when / then
        assertThat(SendOutcome.of(notLeader, false, RETRIES)).isEqualTo(Op.Type.INFO);
        assertThat(SendOutcome.of(tooLarge, false, 3)).isEqualTo(Op.Type.INFO);
    }

    @Test
    void a_record_that_send_refused_is_a_definite_failure_whatever_the_retries() {
        // when / then: none of these reached the producer's buffer
        assertThat(SendOutcome.of(new BufferExhaustedException("buffer.memory used up"), true, RETRIES)).isEqualTo(Op.Type.FAIL);
        assertThat(SendOutcome.of(new UnknownTopicOrPartitionException("topic 't' not present after 8000 ms"), true, RETRIES))
                .isEqualTo(Op.Type.FAIL);
        assertThat(SendOutcome.of(new RecordTooLargeException("more than max.request.size"), true, RETRIES))
                .isEqualTo(Op.Type.FAIL);
    }

    @Test
    void time_outs_and_lost_connections_are_indeterminate() {
        // when / then
        assertThat(SendOutcome.of(new ExecutionException(new TimeoutException("request timed out")), false, NO_RETRIES))
                .isEqualTo(Op.Type.INFO);
        assertThat(SendOutcome.of(new ConnectionException("connection closed"), false, NO_RETRIES)).isEqualTo(Op.Type.INFO);
        assertThat(SendOutcome.of(new TimeoutException("expired"), true, RETRIES)).isEqualTo(Op.Type.INFO);
        assertThat(SendOutcome.of(new IllegalStateException("anything else"), true, NO_RETRIES)).isEqualTo(Op.Type.INFO);
    }
}
