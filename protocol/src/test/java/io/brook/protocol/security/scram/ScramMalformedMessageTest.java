package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.CLIENT_NONCE;
import static io.brook.protocol.security.scram.ScramFixtures.SERVER_NONCE;
import static io.brook.protocol.security.scram.ScramFixtures.bytes;
import static io.brook.protocol.security.scram.ScramFixtures.fixed;
import static io.brook.protocol.security.scram.ScramFixtures.scramFailure;
import static io.brook.protocol.security.scram.ScramFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.security.scram.ScramException.Reason;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Messages that are too large, not SCRAM, or SCRAM that Brook does not speak, on each of the
 * four receiving steps. Each is refused with a reason, never an unchecked exception.
 */
class ScramMalformedMessageTest {

    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_256;
    private static final String NONCE = CLIENT_NONCE + SERVER_NONCE;
    private static final String SALT = "QSXCR+Q6sek8bf92";

    private final ScramFixtures.Users users = new ScramFixtures.Users().add(MECHANISM, "alice", "secret");

    private ScramServer server() {
        return new ScramServer(MECHANISM, users, fixed(SERVER_NONCE));
    }

    private static ScramClient startedClient() throws ScramException {
        ScramClient client = new ScramClient(MECHANISM, "alice", "secret".toCharArray(), fixed(CLIENT_NONCE));
        client.clientFirst();
        return client;
    }

    private static Reason clientFinalFailure(String serverFirst) throws ScramException {
        ScramClient client = startedClient();
        return scramFailure(() -> client.clientFinal(bytes(serverFirst))).reason();
    }

    private Reason serverFirstFailure(byte[] clientFirst) {
        ScramServer server = server();
        return scramFailure(() -> server.serverFirst(clientFirst)).reason();
    }

    private Reason serverFinalFailure(String clientFinal) throws ScramException {
        ScramServer server = server();
        server.serverFirst(bytes("n,,n=alice,r=" + CLIENT_NONCE));
        return scramFailure(() -> server.serverFinal(bytes(clientFinal))).reason();
    }

    private static byte[] oversized(String prefix) {
        return bytes(prefix + "x".repeat(ScramText.MAX_MESSAGE_BYTES + 1 - prefix.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                  // nothing at all
        "n,,",                               // GS2 header without a message
        "n,n=alice,r=abc",                   // GS2 header lacks its authzid field
        "x,,n=alice,r=abc",                  // unknown channel binding flag
        "n,alice,n=alice,r=abc",             // authzid field not a=
        "n,,r=abc,n=alice",                  // attributes in the wrong order
        "n,,n=alice",                        // no nonce
        "n,,n=,r=abc",                       // empty name
        "n,,n=al=ice,r=abc",                 // '=' not escaped
        "n,,n=al=2cice,r=abc",               // lower-case escape
        "n,,n=alice,r=a b",                  // nonce with a space
        "n,,n=alice,r=abc,r=def",            // a second nonce posing as an extension
        "n,,n=alice,r=abc,,x=1",             // empty attribute
        "n,,n=alice,r=abc,1=x",              // attribute name not a letter
        "n,,n=al\u0001ice,r=abc",            // control character in the name
        "n,,n=alice,r=abc\u00e9",            // non-ASCII nonce
    })
    void server_refuses_malformed_client_first(String clientFirst) {
        assertThat(serverFirstFailure(bytes(clientFirst))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void server_refuses_client_first_that_is_not_utf8() {
        // given
        byte[] clientFirst = {'n', ',', ',', 'n', '=', (byte) 0xc3, (byte) 0x28, ',', 'r', '=', 'a'};
        // when / then
        assertThat(serverFirstFailure(clientFirst)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void server_refuses_oversized_client_first_but_takes_one_at_the_limit() throws ScramException {
        // given
        byte[] over = oversized("n,,n=alice,r=");
        byte[] atLimit = Arrays.copyOf(over, ScramText.MAX_MESSAGE_BYTES);
        // when
        Reason overFailure = serverFirstFailure(over);
        byte[] serverFirst = server().serverFirst(atLimit);
        // then
        assertThat(overFailure).isEqualTo(Reason.MALFORMED);
        assertThat(text(serverFirst)).startsWith("r=" + text(atLimit).substring(13));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "p=tls-server-end-point,,n=alice,r=abc", // channel binding
        "n,a=admin,n=alice,r=abc",               // authorization identity
        "n,,m=ext,n=alice,r=abc",                // reserved mandatory extension
    })
    void server_refuses_client_first_asking_for_what_brook_does_not_do(String clientFirst) {
        assertThat(serverFirstFailure(bytes(clientFirst))).isEqualTo(Reason.UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                              // nothing
        "c=biws,r=" + NONCE,                             // no proof
        "c=biws,p=AAAA,r=" + NONCE,                      // proof not last
        "r=" + NONCE + ",c=biws,p=AAAA",                 // wrong order
        "c=biws,r=" + NONCE + ",p=!!!!",                 // proof not base64
        "c=biws,r=" + NONCE + ",p=AAAA",                 // proof of the wrong length
        "c=biws,r=" + NONCE + ",p=",                     // empty proof
        "c=!!!!,r=" + NONCE + ",p=AAAA",                 // channel binding not base64
        "c=biws,r=" + NONCE + ",s=x,p=AAAA",             // a salt posing as an extension
    })
    void server_refuses_malformed_client_final(String clientFinal) throws ScramException {
        assertThat(serverFinalFailure(clientFinal)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void server_refuses_oversized_client_final() throws ScramException {
        assertThat(serverFinalFailure(text(oversized("c=biws,r=" + NONCE + ",x=")))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void server_refuses_client_final_whose_channel_binding_is_not_the_gs2_header() throws ScramException {
        // given: c=eSws is base64 of "y,,", but the client-first said "n,,"
        String proof = Base64.getEncoder().encodeToString(new byte[MECHANISM.hashBytes()]);
        // when / then
        assertThat(serverFinalFailure("c=eSws,r=" + NONCE + ",p=" + proof)).isEqualTo(Reason.CHANNEL_BINDING_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                              // nothing
        "garbage",                                       // not attributes
        "s=" + SALT + ",r=" + NONCE + ",i=4096",         // wrong order
        "r=" + NONCE + ",s=" + SALT,                     // no iteration count
        "r=" + NONCE + ",s=!!!!,i=4096",                 // salt not base64
        "r=" + NONCE + ",s=" + SALT + ",i=4o96",         // count not a number
        "r=" + NONCE + ",s=" + SALT + ",i=04096",        // count with a leading zero
        "r=" + NONCE + ",s=" + SALT + ",i=-4096",        // negative count
        "r=" + NONCE + ",s=" + SALT + ",i=99999999999",  // count past int
        "r=" + NONCE + " x,s=" + SALT + ",i=4096",       // nonce with a space
    })
    void client_refuses_malformed_server_first(String serverFirst) throws ScramException {
        assertThat(clientFinalFailure(serverFirst)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void client_refuses_oversized_server_first() throws ScramException {
        assertThat(clientFinalFailure(text(oversized("r=" + NONCE + ",s=" + SALT + ",i=4096,x=")))).isEqualTo(Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "m=ext,r=" + NONCE + ",s=" + SALT + ",i=4096",   // reserved mandatory extension
        "r=" + NONCE + ",s=" + SALT + ",i=4095",         // below the minimum: a downgrade
        "r=" + NONCE + ",s=" + SALT + ",i=1000001",      // above the maximum: a cost attack
    })
    void client_refuses_server_first_it_will_not_follow(String serverFirst) throws ScramException {
        assertThat(clientFinalFailure(serverFirst)).isEqualTo(Reason.UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "r=someoneElsesNonce,s=" + SALT + ",i=4096",     // does not start with the client nonce
        "r=" + CLIENT_NONCE + ",s=" + SALT + ",i=4096",  // adds no server part
    })
    void client_refuses_server_first_with_a_foreign_nonce(String serverFirst) throws ScramException {
        assertThat(clientFinalFailure(serverFirst)).isEqualTo(Reason.NONCE_MISMATCH);
    }

    @Test
    void client_accepts_server_first_with_optional_extensions() throws ScramException {
        // given
        ScramClient client = startedClient();
        // when
        String clientFinal = text(client.clientFinal(bytes("r=" + NONCE + ",s=" + SALT + ",i=4096,x=future")));
        // then
        assertThat(clientFinal).startsWith("c=biws,r=" + NONCE + ",p=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "x=1", "v=!!!!", "v="})
    void client_refuses_malformed_server_final(String serverFinal) throws ScramException {
        // given
        ScramClient client = startedClient();
        client.clientFinal(bytes("r=" + NONCE + ",s=" + SALT + ",i=4096"));
        // when
        ScramException failure = scramFailure(() -> client.verifyServerFinal(bytes(serverFinal)));
        // then
        assertThat(failure.reason()).isEqualTo(Reason.MALFORMED);
    }
}
