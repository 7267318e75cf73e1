package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramText.malformed;

import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server's half of one SCRAM exchange (RFC 5802 section 3), without channel binding.
 * Single use, in this order:
 *
 * <pre>
 * byte[] first = server.serverFirst(clientFirst);   // received, then send
 * byte[] fin = server.serverFinal(clientFinal);     // received; returns only for a valid proof, then send
 * String principal = server.username();
 * </pre>
 *
 * <p>An unknown user is not revealed: the server answers with a {@link DecoyCredentials decoy}
 * salt and iteration count, as stable as a real user's, and fails at the final step with
 * {@link ScramException.Reason#INVALID_CREDENTIALS} and the same message as for a wrong password,
 * after the same computation.
 *
 * <p>Any failure, and any call out of this order, throws {@link ScramException} and leaves the
 * exchange dead: every later call throws {@link ScramException.Reason#OUT_OF_ORDER}. Messages
 * over 4 KiB are refused unread. Not thread-safe: one thread
 * (the connection's event loop) drives one exchange; the credential lookup runs on that thread.
 */
public final class ScramServer {

    /** The message of every failed proof, whether the user exists or not. */
    static final String INVALID_CREDENTIALS_MESSAGE = "invalid credentials";

    private enum State { NEW, FIRST_SENT, DONE, FAILED }

    private final ScramMechanism mechanism;
    private final CredentialLookup lookup;
    private final Supplier<String> nonceSource;
    private final DecoyCredentials decoys;

    private State state = State.NEW;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String combinedNonce;
    private String claimedName;
    private ScramCredential credential;
    private boolean knownUser;
    private String username;

    /** A server whose decoys for unknown users use {@link DecoyCredentials#processWide()}. */
    public ScramServer(ScramMechanism mechanism, CredentialLookup lookup, Supplier<String> nonceSource) {
        this(mechanism, lookup, nonceSource, DecoyCredentials.processWide());
    }

    /**
     * @param nonceSource gives the server's part of the nonce; {@link ScramNonces#secureRandom()}
     *     outside tests
     * @param decoys stand-in credentials for unknown users; share one instance across exchanges
     */
    public ScramServer(ScramMechanism mechanism, CredentialLookup lookup, Supplier<String> nonceSource, DecoyCredentials decoys) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.nonceSource = Objects.requireNonNull(nonceSource, "nonceSource");
        this.decoys = Objects.requireNonNull(decoys, "decoys");
    }

    /**
     * Reads the client-first message, looks the user up and answers with the server-first
     * message: {@code r=<client nonce><server nonce>,s=<salt>,i=<iterations>}.
     *
     * @throws ScramException {@link ScramException.Reason#MALFORMED} for bad syntax, size or
     *     names; {@link ScramException.Reason#UNSUPPORTED} for channel binding ({@code p=}), an
     *     authorization identity ({@code a=}) or {@code m=}
     * @throws IllegalStateException if the lookup returns a credential of another mechanism
     */
    public byte[] serverFirst(byte[] clientFirst) throws ScramException {
        begin(State.NEW, "serverFirst");
        String text = ScramText.decodeMessage(clientFirst, "client-first message");
        int flagEnd = text.indexOf(',');
        int headerEnd = flagEnd < 0 ? -1 : text.indexOf(',', flagEnd + 1);
        if (headerEnd < 0) {
            throw malformed("client-first message does not start with a GS2 header");
        }
        checkGs2Header(text.substring(0, flagEnd), text.substring(flagEnd + 1, headerEnd));
        gs2Header = text.substring(0, headerEnd + 1);
        clientFirstBare = text.substring(headerEnd + 1);

        AttributeReader reader = new AttributeReader(clientFirstBare, "client-first message");
        reader.refuseMandatoryExtension();
        String name = ScramText.unescapeName(reader.take('n'));
        String clientNonce = reader.take('r');
        reader.skipExtensions();
        String why = ScramText.whyUnacceptable(name);
        if (why != null) {
            throw malformed("user name " + why);
        }
        if (!ScramText.isNonce(clientNonce)) {
            throw malformed("client-first message has a nonce with characters outside printable ASCII");
        }

        ScramCredential found = lookup.find(name, mechanism);
        if (found != null && found.mechanism() != mechanism) {
            throw new IllegalStateException("credential lookup returned a " + found.mechanism().mechanismName()
                    + " credential for a " + mechanism.mechanismName() + " exchange");
        }
        // The decoy is derived for known users too, so that both paths do the same work.
        ScramCredential decoy = decoys.forUser(name, mechanism);
        knownUser = found != null;
        credential = knownUser ? found : decoy;
        claimedName = name;
        combinedNonce = clientNonce + ScramText.nonceFrom(nonceSource);
        serverFirst = "r=" + combinedNonce + ",s=" + ScramText.base64(credential.salt()) + ",i=" + credential.iterations();
        state = State.FIRST_SENT;
        return ScramText.utf8(serverFirst);
    }

    /**
     * Verifies the client-final message and answers with the server-final message,
     * {@code v=<server signature>}, which the client checks in turn.
     *
     * @throws ScramException {@link ScramException.Reason#MALFORMED} for bad syntax or size;
     *     {@link ScramException.Reason#CHANNEL_BINDING_MISMATCH} if {@code c=} is not the GS2
     *     header of the client-first; {@link ScramException.Reason#NONCE_MISMATCH} if {@code r=}
     *     is not exactly the nonce this server sent (a replay from another exchange);
     *     {@link ScramException.Reason#INVALID_CREDENTIALS} for a wrong proof or an unknown user
     */
    public byte[] serverFinal(byte[] clientFinal) throws ScramException {
        begin(State.FIRST_SENT, "serverFinal");
        String text = ScramText.decodeMessage(clientFinal, "client-final message");
        int proofStart = text.lastIndexOf(',');
        if (proofStart < 0 || !text.startsWith("p=", proofStart + 1)) {
            throw malformed("client-final message does not end with the proof (p=)");
        }
        String withoutProof = text.substring(0, proofStart);
        byte[] proof = ScramText.unbase64(text.substring(proofStart + 3), "client proof");
        AttributeReader reader = new AttributeReader(withoutProof, "client-final message");
        byte[] channelBinding = ScramText.unbase64(reader.take('c'), "channel binding");
        String nonce = reader.take('r');
        reader.skipExtensions();
        if (proof.length != mechanism.hashBytes()) {
            throw malformed("client proof is " + proof.length + " bytes, not " + mechanism.hashBytes());
        }
        if (!MessageDigest.isEqual(channelBinding, ScramText.utf8(gs2Header))) {
            throw new ScramException(ScramException.Reason.CHANNEL_BINDING_MISMATCH,
                    "client-final message's channel binding (c=) does not repeat the GS2 header");
        }
        if (!nonce.equals(combinedNonce)) {
            throw new ScramException(ScramException.Reason.NONCE_MISMATCH,
                    "client-final message's nonce is not the one of this exchange");
        }

        byte[] authMessage = ScramText.utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] storedKey = credential.storedKey();
        byte[] clientKey = ScramMechanism.xor(proof, mechanism.hmac(storedKey, authMessage));
        // Both checks always run, so a decoy costs what a real user costs.
        boolean proofValid = MessageDigest.isEqual(mechanism.digest(clientKey), storedKey);
        if (!(proofValid & knownUser)) {
            throw new ScramException(ScramException.Reason.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE);
        }
        byte[] serverSignature = mechanism.hmac(credential.serverKey(), authMessage);
        username = claimedName;
        state = State.DONE;
        return ScramText.utf8("v=" + ScramText.base64(serverSignature));
    }

    /**
     * The authenticated user name (unescaped), once {@link #serverFinal} has returned.
     *
     * @throws IllegalStateException before that, after a failure, or once any call after the
     *     success has killed the exchange: asking for the principal of an exchange that did not
     *     succeed is a bug in the caller, not a peer's doing
     */
    public String username() {
        if (state != State.DONE) {
            throw new IllegalStateException("no authenticated user: the SCRAM exchange has not succeeded");
        }
        return username;
    }

    public ScramMechanism mechanism() {
        return mechanism;
    }

    private static void checkGs2Header(String flag, String authzid) throws ScramException {
        if (flag.startsWith("p=")) {
            throw new ScramException(ScramException.Reason.UNSUPPORTED, "channel binding is not supported");
        }
        // "y": the client could bind but thinks the server cannot; true, as no -PLUS mechanism is offered.
        if (!flag.equals("n") && !flag.equals("y")) {
            throw malformed("client-first message has an unknown channel binding flag");
        }
        if (authzid.startsWith("a=")) {
            throw new ScramException(ScramException.Reason.UNSUPPORTED, "an authorization identity (a=) is not supported");
        }
        if (!authzid.isEmpty()) {
            throw malformed("client-first message has a malformed GS2 header");
        }
    }

    private void begin(State expected, String step) throws ScramException {
        State was = state;
        state = State.FAILED;
        if (was != expected) {
            throw new ScramException(ScramException.Reason.OUT_OF_ORDER, was == State.FAILED
                    ? "this SCRAM exchange has failed; start a new one"
                    : step + " called out of order (the exchange is at " + was + ")");
        }
    }
}
