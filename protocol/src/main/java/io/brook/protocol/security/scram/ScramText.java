package io.brook.protocol.security.scram;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The text rules shared by both sides of the exchange: the message size limit, strict UTF-8,
 * {@code saslname} escaping, the simplified SASLprep, nonce characters and base64. Stateless.
 */
final class ScramText {

    /** The largest SCRAM message either side accepts, in bytes; real ones are a few hundred. */
    static final int MAX_MESSAGE_BYTES = 4096;

    private ScramText() {}

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a received message after checking its size; bytes that are not well-formed UTF-8
     * are refused rather than replaced, so that what is signed is exactly what was sent.
     */
    static String decodeMessage(byte[] message, String what) throws ScramException {
        if (message == null) {
            throw malformed(what + " is missing");
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            throw malformed(what + " of " + message.length + " bytes is over the " + MAX_MESSAGE_BYTES + "-byte limit");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(what + " is not valid UTF-8");
        }
    }

    /**
     * The simplified SASLprep: a name or password is used as given, but one holding a control
     * character or a lone surrogate (which has no UTF-8 form) is refused. Full RFC 4013
     * normalisation (NFKC, mapping of non-ASCII spaces) is not done, so both sides must be given
     * the same code points.
     *
     * @return null when acceptable, else why not
     */
    static String whyUnacceptable(CharSequence text) {
        if (text.length() == 0) {
            return "is empty";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return "holds a control character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds a lone UTF-16 surrogate";
            }
        }
        return null;
    }

    /** Checks a password held by this process; a bad one is the caller's error. */
    static void checkPassword(char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("password is missing");
        }
        String why = whyUnacceptable(CharBuffer.wrap(password));
        if (why != null) {
            throw new IllegalArgumentException("password " + why);
        }
    }

    /** RFC 5802 {@code saslname}: ',' becomes "=2C" and '=' becomes "=3D". */
    static String escapeName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /** The inverse of {@link #escapeName}; any other use of '=' is malformed. */
    static String unescapeName(String escaped) throws ScramException {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '=') {
                out.append(c);
            } else if (escaped.startsWith("2C", i + 1)) {
                out.append(',');
                i += 2;
            } else if (escaped.startsWith("3D", i + 1)) {
                out.append('=');
                i += 2;
            } else {
                throw malformed("user name has '=' not followed by 2C or 3D");
            }
        }
        return out.toString();
    }

    /** RFC 5802 {@code printable}: %x21-7E except ','. */
    static boolean isNonce(String nonce) {
        if (nonce.isEmpty()) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** Takes one nonce from a caller-supplied source, which must honour {@link #isNonce}. */
    static String nonceFrom(Supplier<String> source) {
        String nonce = source.get();
        if (nonce == null || !isNonce(nonce)) {
            throw new IllegalStateException("the nonce source gave a nonce that is not printable ASCII without ','");
        }
        return nonce;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] unbase64(String text, String what) throws ScramException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(what + " is not valid base64");
        }
    }

    static ScramException malformed(String message) {
        return new ScramException(ScramException.Reason.MALFORMED, message);
    }
}
