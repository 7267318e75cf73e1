package io.brook.cli;

import io.brook.client.Admin;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook group delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete consumer groups without members, with their committed offsets.")
public final class GroupDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "GROUP", arity = "1..*", description = "Groups to delete.")
    List<String> groupIds;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = AdminClients.open(connection)) {
            AdminClients.await(admin.deleteGroups(groupIds), connection);
        }
        spec.commandLine().getOut().println("Deleted group" + (groupIds.size() == 1 ? " " : "s ") + String.join(", ", groupIds) + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
