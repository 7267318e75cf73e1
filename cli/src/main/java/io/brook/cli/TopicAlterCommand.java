package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.TopicAlteration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook topic alter}. */
@Command(name = "alter", mixinStandardHelpOptions = true,
        description = "Add partitions to a topic and/or change its config overrides.")
public final class TopicAlterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "TOPIC")
    String name;

    @Option(names = {"-p", "--partitions"}, paramLabel = "N", description = "New total partition count (only grows).")
    Integer partitions;

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "Set a config override; repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--delete-config", paramLabel = "KEY", description = "Remove a config override (back to the default); repeatable.")
    List<String> delete = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (partitions == null && set.isEmpty() && delete.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "nothing to change: give --partitions, --config or --delete-config");
        }
        TopicAlteration alteration = TopicAlteration.none();
        if (partitions != null) {
            alteration = alteration.partitions(partitions);
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            alteration = alteration.setConfig(e.getKey(), e.getValue());
        }
        for (String k : delete) {
            alteration = alteration.deleteConfig(k);
        }
        try (Admin admin = AdminClients.open(connection)) {
            AdminClients.await(admin.alterTopic(name, alteration), connection);
        }
        spec.commandLine().getOut().println("Altered topic " + name + ".");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
