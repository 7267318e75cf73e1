package io.brook.cli;

import io.brook.client.Admin;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook topic delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete topics and all their data.")
public final class TopicDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "TOPIC", arity = "1..*")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = AdminClients.open(connection)) {
            AdminClients.await(admin.deleteTopics(names), connection);
        }
        spec.commandLine().getOut().println("Deleted " + String.join(", ", names) + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
