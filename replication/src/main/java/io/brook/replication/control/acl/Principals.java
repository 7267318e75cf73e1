package io.brook.replication.control.acl;

/**
 * The principal form {@code Type:name} shared by bindings, filters and super users. The type is an ASCII
 * letter followed by letters or digits ({@code User}, {@code Group}); the name is anything non-empty after
 * the first colon (so a TLS distinguished name with colons fits), without control characters or unpaired
 * surrogates, and without {@code *} unless it is the whole name: {@code User:*} means every principal of
 * type {@code User}, and a {@code *} inside a name would read as a pattern that matching does not have.
 */
final class Principals {

    /** The longest principal accepted, in chars. */
    static final int MAX_LENGTH = 1024;

    private static final String WILDCARD_NAME = "*";

    private Principals() {
    }

    /** @throws InvalidAclException naming {@code what} when {@code principal} is not of the form above */
    static String check(String principal, String what) {
        if (principal == null) {
            throw new InvalidAclException(what + " is missing: use Type:name, e.g. User:alice");
        }
        if (principal.length() > MAX_LENGTH) {
            throw new InvalidAclException(what + " has " + principal.length() + " chars, more than " + MAX_LENGTH);
        }
        int colon = principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new InvalidAclException(what + " '" + principal + "' is not of the form Type:name, e.g. User:alice");
        }
        for (int i = 0; i < colon; i++) {
            char c = principal.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                throw new InvalidAclException(what + " '" + principal + "' has a type that is not a letter followed by letters or digits");
            }
        }
        String name = principal.substring(colon + 1);
        if (!name.equals(WILDCARD_NAME) && name.indexOf('*') >= 0) {
            throw new InvalidAclException(what + " '" + principal + "' has '*' inside its name:"
                    + " only a whole-name '*' (every principal of the type) is allowed");
        }
        if (!isClean(name)) {
            throw new InvalidAclException(what + " '" + principal + "' contains a control character or an unpaired surrogate");
        }
        return principal;
    }

    /** @return whether {@code principal} (already checked) names every principal of its type */
    static boolean isWildcard(String principal) {
        return principal.endsWith(":" + WILDCARD_NAME);
    }

    /** @return {@code Type:*} for a principal {@code Type:name}, or null when it has no type */
    static String wildcardOf(String principal) {
        int colon = principal.indexOf(':');
        return colon <= 0 ? null : principal.substring(0, colon + 1) + WILDCARD_NAME;
    }

    /**
     * @return whether {@code s} has no control character and no unpaired surrogate, so that it prints
     *     as it is and its UTF-8 bytes decode back to it
     */
    static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
