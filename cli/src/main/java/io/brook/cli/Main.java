package io.brook.cli;

import picocli.CommandLine;

/** Entry point of the {@code brook} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // servers log at INFO; client commands stay quiet unless something goes wrong
        if (args.length > 0 && (args[0].equals("server") || args[0].equals("dev")) && System.getProperty("brook.log.level") == null) {
            System.setProperty("brook.log.level", "INFO");
        }
        System.exit(run(args));
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
