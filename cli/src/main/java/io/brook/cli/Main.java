package io.brook.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Entry point of the {@code brook} command. */
public final class Main {

    /** System property read by {@code logback.xml}: {@code text} or {@code json}. */
    static final String LOG_FORMAT_PROPERTY = "brook.log.format";
    /** The environment variable that sets {@link #LOG_FORMAT_PROPERTY} when the property is not given. */
    static final String LOG_FORMAT_ENV = "BROOK_LOG_FORMAT";

    private Main() {}

    public static void main(String[] args) {
        // servers log at INFO; client commands stay quiet unless something goes wrong
        if (args.length > 0 && (args[0].equals("server") || args[0].equals("dev")) && System.getProperty("brook.log.level") == null) {
            System.setProperty("brook.log.level", "INFO");
        }
        // before the first logger is made: logback reads the property when it configures itself
        String format = logFormat(System.getProperty(LOG_FORMAT_PROPERTY), System.getenv(LOG_FORMAT_ENV));
        if (format == null) {
            System.err.println("brook: " + LOG_FORMAT_PROPERTY + " (" + LOG_FORMAT_ENV + ") must be text or json");
            System.exit(ExitCodes.CONFIG);
        }
        System.setProperty(LOG_FORMAT_PROPERTY, format);
        System.setProperty(LOG_FORMAT_PROPERTY + ".unused", format.equals("json") ? "text" : "json");
        System.exit(run(args));
    }

    /**
     * The log format from the system property, else the environment variable, else {@code text};
     * null when the value given is neither {@code text} nor {@code json} (in any case).
     */
    static String logFormat(String property, String env) {
        String given = property != null && !property.isBlank() ? property : env;
        if (given == null || given.isBlank()) {
            return "text";
        }
        String format = given.strip().toLowerCase(Locale.ROOT);
        return format.equals("text") || format.equals("json") ? format : null;
    }

    /** Runs the command line and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BrookCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.getSubcommands().get("server").getCommandSpec().usageMessage().footer(ServerCommand.configKeysFooter());
        return cl;
    }
}
