package io.brook.cli;

import io.brook.client.Admin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook user delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a user, or only its credential for one mechanism.")
public final class UserDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user to delete.")
    String name;

    @Option(names = "--mechanism", paramLabel = "MECHANISM",
            description = "Delete only the SCRAM-SHA-256 or SCRAM-SHA-512 credential (default: the user with every credential).")
    String mechanism;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = AdminClients.open(connection)) {
            AdminClients.await(admin.deleteUser(name, mechanism), connection);
        }
        spec.commandLine().getOut().println(mechanism == null ? "Deleted user " + name + "."
                : "Deleted the " + mechanism + " credential of user " + name + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
