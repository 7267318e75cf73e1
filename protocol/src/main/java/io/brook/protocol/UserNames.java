package io.brook.protocol;

/**
 * Rules for the names of users (SASL SCRAM principals), shared by clients (to fail early) and
 * brokers (to enforce): 1 to {@value #MAX_LENGTH} UTF-16 characters, none of them a control
 * character (U+0000..U+001F, U+007F..U+009F) or half of a broken surrogate pair, and no white space
 * at either end. Any other character is allowed, ',' and '=' included (SCRAM escapes them). Names
 * are compared exactly: there is no case folding or Unicode normalisation, so {@code Alice} and
 * {@code alice} are two users. Stateless.
 */
public final class UserNames {

    /** The longest user name, in UTF-16 characters. */
    public static final int MAX_LENGTH = 255;

    private UserNames() {}

    /** @return {@code null} when {@code name} is valid, otherwise why it is not */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            return "user name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "user name is " + name.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        if (Character.isWhitespace(name.charAt(0)) || Character.isWhitespace(name.charAt(name.length() - 1))) {
            return "user name starts or ends with white space";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return "user name has the control character " + String.format("U+%04X", (int) c) + " at position " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "user name has a lone UTF-16 surrogate at position " + i;
            }
        }
        return null;
    }
}
