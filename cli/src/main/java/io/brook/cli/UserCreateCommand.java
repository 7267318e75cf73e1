package io.brook.cli;

import io.brook.client.Admin;
import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook user create}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a user, or set a new password for it.",
                "The password comes from $BROOK_NEW_PASSWORD, else the first line of --new-password-file, else it is asked for "
                        + "twice on the terminal. The SCRAM credential is derived here; the password is never sent."})
public final class UserCreateCommand implements Callable<Integer> {

    /** Environment variable holding the new user's password. */
    static final String PASSWORD_ENV = "BROOK_NEW_PASSWORD";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "User name: 1 to 255 characters, no control characters, no white space at either end.")
    String name;

    @Option(names = "--mechanism", paramLabel = "MECHANISM", defaultValue = "SCRAM-SHA-256",
            description = "SCRAM-SHA-256 or SCRAM-SHA-512 (default: ${DEFAULT-VALUE}); run again with the other to allow both.")
    String mechanism;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "4096",
            description = "PBKDF2 iterations, 4096 to 1000000 (default: ${DEFAULT-VALUE}, which unknown users are answered with too).")
    int iterations;

    @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "File whose first line is the new user's password (when $BROOK_NEW_PASSWORD is not set).")
    Path newPasswordFile;

    @Override
    public Integer call() throws Exception {
        char[] password = newPassword();
        try (Admin admin = AdminClients.open(connection)) {
            AdminClients.await(admin.createUser(name, mechanism, password, iterations), connection);
        } finally {
            Arrays.fill(password, '\0');
        }
        spec.commandLine().getOut().println("Set the " + mechanism + " credential of user " + name + " (" + iterations + " iterations).");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private char[] newPassword() {
        String env = System.getenv(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        if (newPasswordFile != null) {
            return ConnectionOptions.passwordFrom(newPasswordFile);
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException(ExitCodes.USAGE, "no password for user " + name + ": set $" + PASSWORD_ENV
                    + " or --new-password-file, or run in a terminal to type it");
        }
        char[] first = console.readPassword("Password for user %s: ", name);
        char[] again = console.readPassword("Again: ");
        try {
            if (first == null || first.length == 0 || !Arrays.equals(first, again)) {
                throw new CliException(ExitCodes.USAGE, first == null || first.length == 0 ? "the password is empty"
                        : "the two passwords differ; nothing was changed");
            }
            return first.clone();
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }
}
