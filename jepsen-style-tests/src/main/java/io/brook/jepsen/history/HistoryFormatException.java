package io.brook.jepsen.history;

import java.io.IOException;

/** A history file that is not {@link HistoryFormat} version 1, with the line (from 1) where it broke. */
public final class HistoryFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long line;

    public HistoryFormatException(String source, long line, String problem, Throwable cause) {
        super(source + ":" + line + ": " + problem, cause);
        this.line = line;
    }

    /** One-based line number. */
    public long line() {
        return line;
    }
}
