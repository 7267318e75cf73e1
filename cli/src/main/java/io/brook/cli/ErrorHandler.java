package io.brook.cli;

import io.brook.broker.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into one line on stderr and an exit code; the stack trace only
 * with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable cause = unwrap(ex);
        err.println("error: " + message(cause));
        if (verbose(parsed)) {
            cause.printStackTrace(err);
        }
        err.flush();
        return exitCode(cause);
    }

    /** Strips the wrappers futures put around the exception that matters. */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static int exitCode(Throwable t) {
        if (t instanceof CliException c) {
            return c.exitCode();
        }
        if (t instanceof ConfigException) {
            return ExitCodes.CONFIG;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            if (name.equals("TimeoutException") || name.equals("ConnectionException") || name.equals("BrokerUnavailableException")) {
                return ExitCodes.UNAVAILABLE;
            }
            if (c instanceof InterruptedException) {
                return ExitCodes.INTERRUPTED;
            }
        }
        return ExitCodes.FAILED;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
