package io.brook.protocol.security.scram;

/**
 * A SCRAM exchange failed, or stored credential bytes could not be read. The exchange that threw
 * is dead: every later call on it throws again. {@link #reason()} is what a broker maps to an
 * error code in its response; the message is one sentence that is safe to send to the peer (it
 * never names a key, a proof or whether a user exists).
 *
 * <p>Checked, because every failure here is an expected outcome of talking to an untrusted peer
 * (a wrong password, a tampered or replayed message) rather than a bug, and each caller of a
 * SCRAM step has to decide what to answer; the compiler then makes sure the broker and the client
 * both do. None is retriable with the same bytes; a client may start a new exchange.
 */
public final class ScramException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an exchange failed; stable, so that callers can map it to wire error codes. */
    public enum Reason {
        /** A message is not valid SCRAM syntax, is over the size limit, or is not UTF-8. */
        MALFORMED,
        /** Valid SCRAM that asks for something Brook does not do: channel binding, {@code m=}, an unknown mechanism or credential version, an iteration count out of bounds. */
        UNSUPPORTED,
        /** The user is unknown or the proof is wrong; the two are deliberately not told apart. */
        INVALID_CREDENTIALS,
        /** The nonce in a message is not the one this exchange agreed on (e.g. a replayed client-final). */
        NONCE_MISMATCH,
        /** The client-final's {@code c=} does not repeat the GS2 header of the client-first. */
        CHANNEL_BINDING_MISMATCH,
        /** The server's {@code v=} signature is wrong: the server does not know the credential. */
        INVALID_SERVER_SIGNATURE,
        /** The server answered with {@code e=}; the message carries the server's error value. */
        SERVER_ERROR,
        /** A step was called before the previous one, twice, or after the exchange ended or failed. */
        OUT_OF_ORDER,
        /** Stored credential bytes are truncated, have impossible lengths, or carry trailing bytes. */
        CORRUPT_CREDENTIAL
    }

    private final Reason reason;

    public ScramException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
