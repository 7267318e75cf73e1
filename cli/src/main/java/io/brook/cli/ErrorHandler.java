package io.brook.cli;

import io.brook.broker.config.ConfigException;
import io.brook.client.BrookException;
import io.brook.client.InvalidConfigException;
import io.brook.client.InvalidGroupIdException;
import io.brook.client.InvalidTopicException;
import io.brook.protocol.message.ErrorCode;
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
        int code = exitCode(cause);
        if (code == ExitCodes.USAGE) {
            // a value from the command line that the client rejected before sending anything
            UsageErrorHandler.print(err, message(cause), commandOf(parsed, cl));
            if (verbose(parsed)) {
                cause.printStackTrace(err);
            }
            err.flush();
            return code;
        }
        err.println("error: " + message(cause));
        if (verbose(parsed)) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The subcommand that ran, for its usage hint. */
    private static CommandLine commandOf(ParseResult parsed, CommandLine fallback) {
        CommandLine cl = fallback;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            cl = p.commandSpec().commandLine();
        }
        return cl;
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
        if ((t instanceof InvalidConfigException || t instanceof InvalidTopicException || t instanceof InvalidGroupIdException)
                && ((BrookException) t).errorCode() == ErrorCode.NONE) {
            // rejected by the client itself, so it is a value given on the command line (--acks 2,
            // --partitions 0, a bad topic name or group id, --bootstrap garbage); a broker's refusal stays FAILED
            return ExitCodes.USAGE;
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
