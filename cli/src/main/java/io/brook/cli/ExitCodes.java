package io.brook.cli;

/**
 * Exit codes of {@code brook}, documented in {@code docs/cli.md}.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The operation failed: the broker refused it or it could not be done (the message says why). */
    public static final int FAILED = 1;
    /** The command line is wrong: unknown option, missing or invalid value. */
    public static final int USAGE = 2;
    /** No broker could be reached at the bootstrap address, or a request timed out. */
    public static final int UNAVAILABLE = 3;
    /** The configuration is invalid (server and dev). */
    public static final int CONFIG = 4;
    /** Interrupted (Ctrl-C) before finishing. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
