package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.NewTopic;
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

/** {@code brook topic create}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create topics: one, or several with the same settings in one request.")
public final class TopicCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "TOPIC", description = "Name: letters, digits, '.', '_', '-'; at most 249 characters.")
    List<String> names;

    @Option(names = {"-p", "--partitions"}, paramLabel = "N", defaultValue = "1", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = {"-r", "--replication-factor"}, paramLabel = "N", defaultValue = "1",
            description = "Replicas of each partition (default: ${DEFAULT-VALUE}).")
    int replicationFactor;

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE",
            description = "Topic config override, e.g. retention.ms=86400000; repeatable. Keys: retention.ms, retention.bytes, segment.bytes, segment.ms, max.batch.bytes.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        try (Admin admin = AdminClients.open(connection)) {
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, replicationFactor, configs)).toList();
            AdminClients.await(admin.createTopics(topics), connection);
        }
        for (String name : names) {
            if (output.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("topic", name);
                m.put("partitions", partitions);
                m.put("replication_factor", replicationFactor);
                m.put("configs", configs);
                spec.commandLine().getOut().println(Json.write(m));
            } else {
                spec.commandLine().getOut().println("Created topic " + name + " with " + partitions + " partition(s), replication factor "
                        + replicationFactor + ".");
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
