package io.brook.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Bad command lines: one line saying what is wrong and how to get help, exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        print(err, ex.getMessage(), cl);
        return ExitCodes.USAGE;
    }

    /** The error line and the hint, for any usage error (also those found once the command runs). */
    static void print(PrintWriter err, String message, CommandLine cl) {
        err.println("error: " + tidy(message));
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
    }

    /**
     * Picocli's own messages, made to read as one sentence: some start with their own "Error: "
     * (which would follow ours), and the one for a malformed KEY=VALUE says "option option".
     */
    static String tidy(String message) {
        String m = message == null ? "" : message.strip();
        while (m.regionMatches(true, 0, "error: ", 0, 7)) {
            m = m.substring(7).strip();
        }
        return m.replace("option option", "option");
    }
}
