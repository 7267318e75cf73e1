package io.brook.jepsen.history;

/** Text that is not the JSON expected, with the character position where reading stopped. */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    public JsonException(String message, int position) {
        super(message + " at column " + (position + 1));
        this.position = position;
    }

    /** Zero-based index of the offending character in the text. */
    public int position() {
        return position;
    }
}
