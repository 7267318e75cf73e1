package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.bytes;
import static io.brook.protocol.security.scram.ScramFixtures.fixed;
import static io.brook.protocol.security.scram.ScramFixtures.unbase64;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The SCRAM-SHA-256 exchange of RFC 7677 section 3 (user "user", password "pencil"), byte for
 * byte, from either side. The transcript is copied from the RFC; if these fail, Brook cannot talk
 * to any other SCRAM implementation.
 */
class ScramRfc7677Test {

    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";

    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramCredential rfcCredential() {
        return ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, "pencil".toCharArray(), unbase64(SALT), 4096);
    }

    private static ScramServer rfcServer() {
        ScramCredential credential = rfcCredential();
        return new ScramServer(ScramMechanism.SCRAM_SHA_256,
                (username, mechanism) -> username.equals("user") ? credential : null, fixed(SERVER_NONCE));
    }

    @Test
    void client_writes_the_rfc_messages() throws ScramException {
        // given
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "user", "pencil".toCharArray(), fixed(CLIENT_NONCE));
        // when
        byte[] first = client.clientFirst();
        byte[] fin = client.clientFinal(bytes(SERVER_FIRST));
        // then
        assertThat(first).asString(UTF_8).isEqualTo(CLIENT_FIRST);
        assertThat(fin).asString(UTF_8).isEqualTo(CLIENT_FINAL);
    }

    @Test
    void client_accepts_the_rfc_server_signature() throws ScramException {
        // given
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "user", "pencil".toCharArray(), fixed(CLIENT_NONCE));
        client.clientFirst();
        client.clientFinal(bytes(SERVER_FIRST));
        // when / then
        assertThatCode(() -> client.verifyServerFinal(bytes(SERVER_FINAL))).doesNotThrowAnyException();
    }

    @Test
    void server_writes_the_rfc_messages() throws ScramException {
        // given
        ScramServer server = rfcServer();
        // when
        byte[] first = server.serverFirst(bytes(CLIENT_FIRST));
        byte[] fin = server.serverFinal(bytes(CLIENT_FINAL));
        // then
        assertThat(first).asString(UTF_8).isEqualTo(SERVER_FIRST);
        assertThat(fin).asString(UTF_8).isEqualTo(SERVER_FINAL);
        assertThat(server.username()).isEqualTo("user");
    }

    @Test
    void client_and_server_driving_each_other_produce_the_rfc_transcript() throws ScramException {
        // given
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "user", "pencil".toCharArray(), fixed(CLIENT_NONCE));
        ScramServer server = rfcServer();
        // when
        byte[] clientFirst = client.clientFirst();
        byte[] serverFirst = server.serverFirst(clientFirst);
        byte[] clientFinal = client.clientFinal(serverFirst);
        byte[] serverFinal = server.serverFinal(clientFinal);
        client.verifyServerFinal(serverFinal);
        // then
        assertThat(clientFirst).asString(UTF_8).isEqualTo(CLIENT_FIRST);
        assertThat(serverFirst).asString(UTF_8).isEqualTo(SERVER_FIRST);
        assertThat(clientFinal).asString(UTF_8).isEqualTo(CLIENT_FINAL);
        assertThat(serverFinal).asString(UTF_8).isEqualTo(SERVER_FINAL);
    }
}
