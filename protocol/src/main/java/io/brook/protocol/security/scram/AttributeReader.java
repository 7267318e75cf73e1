package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramText.malformed;

/**
 * Reads the comma-separated {@code name=value} attributes of one SCRAM message in order. Every
 * attribute must be a letter, '=' and a value; values never hold ',' (names are escaped, nonces
 * and base64 exclude it), so splitting on ',' is exact. Not thread-safe; one message per instance.
 */
final class AttributeReader {

    /** The attribute names RFC 5802 gives a meaning; any other letter is an extension. */
    private static final String DEFINED_NAMES = "acmnrspvei";

    private final String what;
    private final String[] attributes;
    private int next;

    /**
     * @param what names the message in error messages, e.g. "server-first message"
     * @throws ScramException {@link ScramException.Reason#MALFORMED} if any attribute is not of the
     *     form {@code letter=value}
     */
    AttributeReader(String message, String what) throws ScramException {
        this.what = what;
        this.attributes = message.split(",", -1);
        for (String attribute : attributes) {
            if (attribute.length() < 2 || !isAsciiLetter(attribute.charAt(0)) || attribute.charAt(1) != '=') {
                throw malformed(what + " has an attribute that is not of the form name=value");
            }
        }
    }

    /** The name of the next attribute, or 0 when none is left. */
    char peek() {
        return next < attributes.length ? attributes[next].charAt(0) : 0;
    }

    /**
     * The value of the next attribute, which must be {@code name} and must not be empty.
     *
     * @throws ScramException {@link ScramException.Reason#MALFORMED} otherwise
     */
    String take(char name) throws ScramException {
        if (peek() != name) {
            throw malformed(what + " lacks the '" + name + "=' attribute where it belongs");
        }
        String value = attributes[next++].substring(2);
        if (value.isEmpty()) {
            throw malformed(what + " has an empty '" + name + "=' attribute");
        }
        return value;
    }

    /**
     * Refuses the reserved {@code m=} attribute: RFC 5802 makes it a mandatory extension, which a
     * peer that does not know it must reject.
     */
    void refuseMandatoryExtension() throws ScramException {
        if (peek() == 'm') {
            throw new ScramException(ScramException.Reason.UNSUPPORTED,
                    what + " asks for a mandatory extension (m=), which is not supported");
        }
    }

    /**
     * Skips the optional extensions that may close a message, which Brook ignores as RFC 5802
     * allows. An "extension" that reuses a name SCRAM defines (a second {@code r=}, say) is
     * malformed rather than ignored, so that no attribute is read two ways.
     */
    void skipExtensions() throws ScramException {
        for (; next < attributes.length; next++) {
            if (DEFINED_NAMES.indexOf(attributes[next].charAt(0)) >= 0) {
                throw malformed(what + " repeats or misplaces the '" + attributes[next].charAt(0) + "=' attribute");
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
