package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.CLIENT_NONCE;
import static io.brook.protocol.security.scram.ScramFixtures.SERVER_NONCE;
import static io.brook.protocol.security.scram.ScramFixtures.bytes;
import static io.brook.protocol.security.scram.ScramFixtures.fixed;
import static io.brook.protocol.security.scram.ScramFixtures.scramFailure;
import static io.brook.protocol.security.scram.ScramFixtures.text;
import static io.brook.protocol.security.scram.ScramFixtures.unbase64;
import static io.brook.protocol.security.scram.ScramFixtures.withLastAttributeTampered;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.security.scram.ScramException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole exchanges between a {@link ScramClient} and a {@link ScramServer}, honest and not. */
class ScramExchangeTest {

    private static final ScramMechanism SHA_512 = ScramMechanism.SCRAM_SHA_512;

    private final ScramFixtures.Users users = new ScramFixtures.Users()
            .add(SHA_512, "alice", "correct horse")
            .add(ScramMechanism.SCRAM_SHA_256, "alice", "correct horse");

    private ScramServer server(ScramMechanism mechanism) {
        return new ScramServer(mechanism, users, ScramNonces.secureRandom());
    }

    private static ScramClient client(ScramMechanism mechanism, String username, String password) {
        return new ScramClient(mechanism, username, password.toCharArray(), ScramNonces.secureRandom());
    }

    private static ScramClient alice() {
        return client(SHA_512, "alice", "correct horse");
    }

    /** Runs the first three steps; returns the client-final message. */
    private static byte[] upToClientFinal(ScramClient client, ScramServer server) throws ScramException {
        return client.clientFinal(server.serverFirst(client.clientFirst()));
    }

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void round_trip_with_the_right_password_authenticates_both_sides(ScramMechanism mechanism) throws ScramException {
        // given
        ScramClient client = client(mechanism, "alice", "correct horse");
        ScramServer server = server(mechanism);
        // when
        byte[] serverFirst = server.serverFirst(client.clientFirst());
        byte[] serverFinal = server.serverFinal(client.clientFinal(serverFirst));
        client.verifyServerFinal(serverFinal);
        // then
        assertThat(server.username()).isEqualTo("alice");
        assertThat(unbase64(text(serverFinal).substring(2))).hasSize(mechanism.hashBytes());
    }

    @Test
    void wrong_password_fails_with_invalid_credentials() throws ScramException {
        // given
        ScramClient client = client(SHA_512, "alice", "battery staple");
        ScramServer server = server(SHA_512);
        byte[] clientFinal = upToClientFinal(client, server);
        // when
        ScramException failure = scramFailure(() -> server.serverFinal(clientFinal));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.INVALID_CREDENTIALS);
        assertThat(failure.getMessage()).isEqualTo("invalid credentials");
    }

    @Test
    void unknown_user_fails_exactly_as_a_wrong_password_does() throws ScramException {
        // given
        ScramClient wrongPassword = client(SHA_512, "alice", "battery staple");
        ScramClient unknownUser = client(SHA_512, "mallory", "correct horse");
        ScramServer serverA = server(SHA_512);
        ScramServer serverB = server(SHA_512);
        byte[] finalA = upToClientFinal(wrongPassword, serverA);
        byte[] finalB = upToClientFinal(unknownUser, serverB);
        // when
        ScramException wrongPasswordFailure = scramFailure(() -> serverA.serverFinal(finalA));
        ScramException unknownUserFailure = scramFailure(() -> serverB.serverFinal(finalB));
        // then
        assertThat(unknownUserFailure.reason()).isEqualTo(wrongPasswordFailure.reason()).isEqualTo(Reason.INVALID_CREDENTIALS);
        assertThat(unknownUserFailure.getMessage()).isEqualTo(wrongPasswordFailure.getMessage());
    }

    @Test
    void unknown_user_gets_a_server_first_shaped_like_a_real_one_and_as_stable() throws ScramException {
        // given: server-first messages are r=...,s=<salt>,i=<iterations>
        // when
        String[] alice = serverFirstAttributes("alice");
        String[] mallory = serverFirstAttributes("mallory");
        String[] malloryAgain = serverFirstAttributes("mallory");
        String[] mallory2 = serverFirstAttributes("mallory2");
        // then: a stable salt per name, of a real salt's length, and a real iteration count
        assertThat(malloryAgain[1]).isEqualTo(mallory[1]);
        assertThat(serverFirstAttributes("alice")[1]).isEqualTo(alice[1]);
        assertThat(mallory2[1]).isNotEqualTo(mallory[1]);
        assertThat(unbase64(mallory[1].substring(2))).hasSameSizeAs(unbase64(alice[1].substring(2)));
        assertThat(mallory[2]).isEqualTo(alice[2]).isEqualTo("i=4096");
    }

    private String[] serverFirstAttributes(String username) throws ScramException {
        byte[] clientFirst = bytes("n,,n=" + username + ",r=" + CLIENT_NONCE);
        return text(server(SHA_512).serverFirst(clientFirst)).split(",");
    }

    @Test
    void client_final_replayed_into_a_fresh_session_fails_with_nonce_mismatch() throws ScramException {
        // given: an eavesdropped, successful exchange
        ScramClient client = alice();
        ScramServer first = new ScramServer(SHA_512, users, fixed("firstServerNonce"));
        byte[] clientFirst = client.clientFirst();
        byte[] clientFinal = client.clientFinal(first.serverFirst(clientFirst));
        first.serverFinal(clientFinal);
        // and a fresh session that picks another server nonce
        ScramServer second = new ScramServer(SHA_512, users, fixed("secondServerNonce"));
        second.serverFirst(clientFirst);
        // when
        ScramException failure = scramFailure(() -> second.serverFinal(clientFinal));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.NONCE_MISMATCH);
    }

    @Test
    void tampered_proof_fails_with_invalid_credentials() throws ScramException {
        // given
        ScramClient client = alice();
        ScramServer server = server(SHA_512);
        byte[] tampered = withLastAttributeTampered(upToClientFinal(client, server));
        // when
        ScramException failure = scramFailure(() -> server.serverFinal(tampered));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.INVALID_CREDENTIALS);
    }

    @Test
    void tampered_server_signature_fails_the_client() throws ScramException {
        // given
        ScramClient client = alice();
        ScramServer server = server(SHA_512);
        byte[] serverFinal = server.serverFinal(upToClientFinal(client, server));
        byte[] tampered = withLastAttributeTampered(serverFinal);
        // when
        ScramException failure = scramFailure(() -> client.verifyServerFinal(tampered));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.INVALID_SERVER_SIGNATURE);
    }

    @Test
    void server_that_does_not_hold_the_credential_cannot_sign() throws ScramException {
        // given: an impostor that echoes the real salt but answers with some other key
        ScramClient client = alice();
        ScramServer impostor = new ScramServer(SHA_512, (name, mechanism) -> {
            ScramCredential real = users.find(name, mechanism);
            return new ScramCredential(mechanism, real.salt(), real.iterations(), real.storedKey(), new byte[mechanism.hashBytes()]);
        }, ScramNonces.secureRandom());
        byte[] serverFinal = impostor.serverFinal(upToClientFinal(client, impostor));
        // when
        ScramException failure = scramFailure(() -> client.verifyServerFinal(serverFinal));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.INVALID_SERVER_SIGNATURE);
    }

    @Test
    void server_error_is_surfaced_with_its_value() throws ScramException {
        // given
        ScramClient client = alice();
        ScramServer server = server(SHA_512);
        upToClientFinal(client, server);
        // when
        ScramException failure = scramFailure(() -> client.verifyServerFinal(bytes("e=invalid-proof")));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(failure.getMessage()).contains("invalid-proof");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "a=b", "=,=2C,", "ops=team,eu", "dörte=ü,€"})
    void user_names_with_commas_and_equals_signs_round_trip(String username) throws ScramException {
        // given
        ScramFixtures.Users withName = new ScramFixtures.Users().add(SHA_512, username, "pw");
        ScramClient client = client(SHA_512, username, "pw");
        ScramServer server = new ScramServer(SHA_512, withName, ScramNonces.secureRandom());
        // when
        byte[] clientFirst = client.clientFirst();
        client.verifyServerFinal(server.serverFinal(client.clientFinal(server.serverFirst(clientFirst))));
        // then
        assertThat(server.username()).isEqualTo(username);
        String escapedName = text(clientFirst).split(",")[2];
        assertThat(escapedName.substring(2)).doesNotContain(",").isEqualTo(username.replace("=", "=3D").replace(",", "=2C"));
    }

    @Test
    void user_name_is_escaped_as_rfc_5802_spells_it() throws ScramException {
        // given
        ScramClient client = new ScramClient(SHA_512, "a,b=c", "pw".toCharArray(), fixed(CLIENT_NONCE));
        // when
        String clientFirst = text(client.clientFirst());
        // then
        assertThat(clientFirst).isEqualTo("n,,n=a=2Cb=3Dc,r=" + CLIENT_NONCE);
    }

    @Test
    void mechanisms_do_not_mix() throws ScramException {
        // given: a SHA-256 client against a SHA-512 server for the same user and password
        ScramClient client = client(ScramMechanism.SCRAM_SHA_256, "alice", "correct horse");
        ScramServer server = new ScramServer(SHA_512, users, fixed(SERVER_NONCE));
        byte[] clientFinal = upToClientFinal(client, server);
        // when
        ScramException failure = scramFailure(() -> server.serverFinal(clientFinal));
        // then: the 32-byte proof is not even the right length for SHA-512
        assertThat(failure.reason()).isEqualTo(Reason.MALFORMED);
    }
}
