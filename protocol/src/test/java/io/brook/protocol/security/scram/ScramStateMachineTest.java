package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.bytes;
import static io.brook.protocol.security.scram.ScramFixtures.fixed;
import static io.brook.protocol.security.scram.ScramFixtures.scramFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.security.scram.ScramException.Reason;
import org.junit.jupiter.api.Test;

/** The single-use state machines: order of calls, and death after the first failure. */
class ScramStateMachineTest {

    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_256;

    private final ScramFixtures.Users users = new ScramFixtures.Users().add(MECHANISM, "alice", "secret");

    private ScramClient client(String password) {
        return new ScramClient(MECHANISM, "alice", password.toCharArray(), ScramNonces.secureRandom());
    }

    private ScramServer server() {
        return new ScramServer(MECHANISM, users, ScramNonces.secureRandom());
    }

    @Test
    void client_final_before_client_first_is_out_of_order() {
        // given
        ScramClient client = client("secret");
        // when
        ScramException failure = scramFailure(() -> client.clientFinal(bytes("r=x,s=AAAA,i=4096")));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }

    @Test
    void client_first_twice_is_out_of_order() throws ScramException {
        // given
        ScramClient client = client("secret");
        client.clientFirst();
        // when
        ScramException failure = scramFailure(client::clientFirst);
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }

    @Test
    void verify_before_client_final_is_out_of_order() throws ScramException {
        // given
        ScramClient client = client("secret");
        client.clientFirst();
        // when
        ScramException failure = scramFailure(() -> client.verifyServerFinal(bytes("v=AAAA")));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }

    /** A second use after success is a bug or an attack; the exchange dies, principal and all. */
    @Test
    void finished_exchanges_cannot_be_used_again() throws ScramException {
        // given
        ScramClient client = client("secret");
        ScramServer server = server();
        byte[] clientFirst = client.clientFirst();
        byte[] clientFinal = client.clientFinal(server.serverFirst(clientFirst));
        byte[] serverFinal = server.serverFinal(clientFinal);
        client.verifyServerFinal(serverFinal);
        // when
        ScramException clientAgain = scramFailure(() -> client.verifyServerFinal(serverFinal));
        ScramException serverAgain = scramFailure(() -> server.serverFinal(clientFinal));
        ScramException serverRestart = scramFailure(() -> server.serverFirst(clientFirst));
        // then
        assertThat(clientAgain.reason()).isEqualTo(Reason.OUT_OF_ORDER);
        assertThat(serverAgain.reason()).isEqualTo(Reason.OUT_OF_ORDER);
        assertThat(serverRestart.reason()).isEqualTo(Reason.OUT_OF_ORDER);
        assertThatThrownBy(server::username).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void server_final_before_server_first_is_out_of_order() {
        // given
        ScramServer server = server();
        // when
        ScramException failure = scramFailure(() -> server.serverFinal(bytes("c=biws,r=x,p=AAAA")));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }

    @Test
    void server_first_twice_is_out_of_order() throws ScramException {
        // given
        ScramServer server = server();
        server.serverFirst(bytes("n,,n=alice,r=abc"));
        // when
        ScramException failure = scramFailure(() -> server.serverFirst(bytes("n,,n=alice,r=abc")));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }

    @Test
    void server_is_dead_after_a_wrong_proof_even_for_a_right_one() throws ScramException {
        // given: the same client nonce and server nonce, so the right client-final would fit
        ScramServer server = new ScramServer(MECHANISM, users, fixed("serverNonce"));
        ScramClient wrong = new ScramClient(MECHANISM, "alice", "wrong".toCharArray(), fixed("clientNonce"));
        ScramClient right = new ScramClient(MECHANISM, "alice", "secret".toCharArray(), fixed("clientNonce"));
        byte[] serverFirst = server.serverFirst(wrong.clientFirst());
        right.clientFirst();
        byte[] rightFinal = right.clientFinal(serverFirst);
        scramFailure(() -> server.serverFinal(wrong.clientFinal(serverFirst)));
        // when
        ScramException failure = scramFailure(() -> server.serverFinal(rightFinal));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
        assertThat(failure.getMessage()).contains("failed");
        assertThatThrownBy(server::username).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void client_is_dead_after_a_malformed_server_first() throws ScramException {
        // given
        ScramClient client = client("secret");
        ScramServer server = server();
        byte[] clientFirst = client.clientFirst();
        scramFailure(() -> client.clientFinal(bytes("garbage")));
        byte[] goodServerFirst = server.serverFirst(clientFirst);
        // when
        ScramException failure = scramFailure(() -> client.clientFinal(goodServerFirst));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }

    @Test
    void username_before_success_is_refused() throws ScramException {
        // given
        ScramServer server = server();
        server.serverFirst(bytes("n,,n=alice,r=abc"));
        // when / then
        assertThatThrownBy(server::username).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_bad_nonce_source_is_the_callers_error_and_kills_the_exchange() {
        // given
        ScramClient client = new ScramClient(MECHANISM, "alice", "secret".toCharArray(), fixed("has,comma"));
        // when / then
        assertThatThrownBy(client::clientFirst).isInstanceOf(IllegalStateException.class);
        assertThat(scramFailure(client::clientFirst).reason()).isEqualTo(Reason.OUT_OF_ORDER);
    }
}
