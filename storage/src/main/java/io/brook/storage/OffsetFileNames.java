package io.brook.storage;

/**
 * Names of files that belong to an offset in a partition directory: the offset zero-padded to 20
 * digits, then a suffix ({@code 00000000000000001234.log}, {@code .producers}), so that names sort
 * like offsets. Stateless.
 */
public final class OffsetFileNames {

    private static final int DIGITS = 20;

    private OffsetFileNames() {}

    /** The name of the file with {@code suffix} for {@code offset} (not negative). */
    public static String name(long offset, String suffix) {
        return String.format("%020d", offset) + suffix;
    }

    /** @return the offset named by {@code fileName} if it is such a name with {@code suffix}, otherwise -1 */
    public static long parse(String fileName, String suffix) {
        if (!fileName.endsWith(suffix) || fileName.length() != DIGITS + suffix.length()) {
            return -1;
        }
        for (int i = 0; i < DIGITS; i++) {
            // ASCII only: Character.isDigit and Long.parseLong also take other scripts' digits, and
            // such a name is not the one name() gives for the offset it parses to
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(fileName.substring(0, DIGITS));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
