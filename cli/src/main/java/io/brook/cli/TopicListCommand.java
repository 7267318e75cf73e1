package io.brook.cli;

import io.brook.client.Admin;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook topic list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List topic names.")
public final class TopicListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        List<String> names;
        try (Admin admin = AdminClients.open(connection)) {
            names = AdminClients.await(admin.listTopics(), connection).stream().sorted().toList();
        }
        if (output.json()) {
            spec.commandLine().getOut().println(Json.write(names));
        } else {
            names.forEach(spec.commandLine().getOut()::println);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
