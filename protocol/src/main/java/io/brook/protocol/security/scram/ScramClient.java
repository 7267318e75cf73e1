package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramText.malformed;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The client's half of one SCRAM exchange (RFC 5802 section 3), without channel binding: the GS2
 * header is always {@code n,,}. Single use, in this order:
 *
 * <pre>
 * byte[] first = client.clientFirst();            // send
 * byte[] fin = client.clientFinal(serverFirst);   // received, then send
 * client.verifyServerFinal(serverFinal);          // received; returns only if the server knew the credential
 * </pre>
 *
 * Any failure, and any call out of this order, throws {@link ScramException} and leaves the
 * exchange dead: every later call throws {@link ScramException.Reason#OUT_OF_ORDER}. The password
 * is copied in and wiped once the proof is computed. Not thread-safe: one thread drives one
 * exchange.
 */
public final class ScramClient {

    /** The GS2 header of a client that neither uses nor would use channel binding. */
    static final String GS2_HEADER = "n,,";

    private enum State { NEW, FIRST_SENT, FINAL_SENT, DONE, FAILED }

    private final ScramMechanism mechanism;
    private final String username;
    private final char[] password;
    private final Supplier<String> nonceSource;

    private State state = State.NEW;
    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * @param password copied; the caller may wipe its array at once
     * @param nonceSource gives the client nonce; {@link ScramNonces#secureRandom()} outside tests
     * @throws IllegalArgumentException if the user name or password is empty or holds a control
     *     character (the simplified SASLprep described in {@code package-info})
     */
    public ScramClient(ScramMechanism mechanism, String username, char[] password, Supplier<String> nonceSource) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.nonceSource = Objects.requireNonNull(nonceSource, "nonceSource");
        String why = ScramText.whyUnacceptable(Objects.requireNonNull(username, "username"));
        if (why != null) {
            throw new IllegalArgumentException("user name " + why);
        }
        ScramText.checkPassword(password);
        this.username = username;
        this.password = password.clone();
    }

    /** The client-first message: {@code n,,n=<escaped name>,r=<client nonce>}. */
    public byte[] clientFirst() throws ScramException {
        begin(State.NEW, "clientFirst");
        clientNonce = ScramText.nonceFrom(nonceSource);
        clientFirstBare = "n=" + ScramText.escapeName(username) + ",r=" + clientNonce;
        state = State.FIRST_SENT;
        return ScramText.utf8(GS2_HEADER + clientFirstBare);
    }

    /**
     * Checks the server-first message and answers with the client-final message, which carries
     * the proof that the client knows the password.
     *
     * @throws ScramException {@link ScramException.Reason#MALFORMED} for bad syntax or size;
     *     {@link ScramException.Reason#NONCE_MISMATCH} if the server's nonce does not extend the
     *     client's; {@link ScramException.Reason#UNSUPPORTED} for {@code m=} or an iteration count
     *     below the mechanism's minimum or above {@link ScramMechanism#MAX_ITERATIONS}
     */
    public byte[] clientFinal(byte[] serverFirst) throws ScramException {
        begin(State.FIRST_SENT, "clientFinal");
        try {
            String serverFirstText = ScramText.decodeMessage(serverFirst, "server-first message");
            AttributeReader reader = new AttributeReader(serverFirstText, "server-first message");
            reader.refuseMandatoryExtension();
            String nonce = reader.take('r');
            byte[] salt = ScramText.unbase64(reader.take('s'), "salt");
            int iterations = parseIterations(reader.take('i'));
            reader.skipExtensions();
            if (!ScramText.isNonce(nonce)) {
                throw malformed("server-first message has a nonce with characters outside printable ASCII");
            }
            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw new ScramException(ScramException.Reason.NONCE_MISMATCH,
                        "the server's nonce does not extend the client's nonce");
            }
            if (salt.length == 0) {
                throw malformed("server-first message has an empty salt");
            }

            String clientFinalWithoutProof = "c=" + ScramText.base64(ScramText.utf8(GS2_HEADER)) + ",r=" + nonce;
            byte[] authMessage = ScramText.utf8(clientFirstBare + "," + serverFirstText + "," + clientFinalWithoutProof);
            byte[] saltedPassword = mechanism.saltedPassword(password, salt, iterations);
            byte[] clientKey = mechanism.clientKey(saltedPassword);
            byte[] serverKey = mechanism.serverKey(saltedPassword);
            byte[] clientSignature = mechanism.hmac(mechanism.digest(clientKey), authMessage);
            byte[] proof = ScramMechanism.xor(clientKey, clientSignature);
            expectedServerSignature = mechanism.hmac(serverKey, authMessage);
            Arrays.fill(saltedPassword, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);

            state = State.FINAL_SENT;
            return ScramText.utf8(clientFinalWithoutProof + ",p=" + ScramText.base64(proof));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Checks the server-final message: the server's signature proves it holds the user's
     * credential. Returns normally only then.
     *
     * @throws ScramException {@link ScramException.Reason#SERVER_ERROR} carrying the server's
     *     {@code e=} value; {@link ScramException.Reason#INVALID_SERVER_SIGNATURE} for a wrong
     *     {@code v=}; {@link ScramException.Reason#MALFORMED} for anything else
     */
    public void verifyServerFinal(byte[] serverFinal) throws ScramException {
        begin(State.FINAL_SENT, "verifyServerFinal");
        String text = ScramText.decodeMessage(serverFinal, "server-final message");
        AttributeReader reader = new AttributeReader(text, "server-final message");
        if (reader.peek() == 'e') {
            throw new ScramException(ScramException.Reason.SERVER_ERROR, "the server refused: " + reader.take('e'));
        }
        byte[] signature = ScramText.unbase64(reader.take('v'), "server signature");
        reader.skipExtensions();
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new ScramException(ScramException.Reason.INVALID_SERVER_SIGNATURE,
                    "the server's signature is wrong: it does not hold this user's credential");
        }
        state = State.DONE;
    }

    private void begin(State expected, String step) throws ScramException {
        State was = state;
        state = State.FAILED;
        if (was != expected) {
            Arrays.fill(password, '\0');
            throw new ScramException(ScramException.Reason.OUT_OF_ORDER, was == State.FAILED
                    ? "this SCRAM exchange has failed; start a new one"
                    : step + " called out of order (the exchange is at " + was + ")");
        }
    }

    private int parseIterations(String text) throws ScramException {
        if (text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9') || text.startsWith("0")) {
            throw malformed("server-first message has an iteration count that is not a positive decimal number");
        }
        long iterations = Long.parseLong(text);
        if (iterations < mechanism.minIterations() || iterations > ScramMechanism.MAX_ITERATIONS) {
            throw new ScramException(ScramException.Reason.UNSUPPORTED, "the server asks for " + iterations
                    + " iterations; " + mechanism.mechanismName() + " accepts " + mechanism.minIterations()
                    + " to " + ScramMechanism.MAX_ITERATIONS);
        }
        return (int) iterations;
    }
}
