package io.brook.protocol;

/**
 * Rules for topic names, shared by clients (to fail early) and brokers (to enforce): 1 to
 * {@value #MAX_LENGTH} characters from {@code [a-zA-Z0-9._-]}, and not {@code .} or {@code ..}
 * (they would name directories that already mean something).
 */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;

    private TopicNames() {}

    /** @return {@code null} when {@code name} is valid, otherwise why it is not */
    public static String check(String name) {
        return check("topic name", name);
    }

    /** As {@link #check(String)}, naming the thing checked {@code what} (e.g. "group id") in the reason. */
    static String check(String what, String name) {
        if (name == null || name.isEmpty()) {
            return what + " is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return what + " is " + name.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        if (name.equals(".") || name.equals("..")) {
            return what + " cannot be '.' or '..'";
        }
        for (int i = 0; i < name.length(); ) {
            // Code points, not chars: a character outside the BMP must be named as itself (U+1F600),
            // not as the first half of its surrogate pair.
            int c = name.codePointAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return what + " '" + printable(name) + "' has the character " + describe(c)
                        + "; only ASCII letters, digits, '.', '_' and '-' are allowed";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static String describe(int c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }

    /**
     * The name as a person typed it, letters of any script included, with control and other
     * invisible characters as {@code ?} so that the message stays one readable line (the message
     * names the offending character by code point anyway).
     */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 64; shown++) {
            int c = s.codePointAt(i);
            b.appendCodePoint(visible(c) ? c : '?');
            i += Character.charCount(c);
        }
        return shown < s.codePointCount(0, s.length()) ? b + "..." : b.toString();
    }

    private static boolean visible(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
