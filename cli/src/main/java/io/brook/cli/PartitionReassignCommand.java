package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.NewPartitionReassignment;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionReassignment;
import io.brook.client.ReplicaMove;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook partition reassign}: moves one partition's replicas to the given brokers, or cancels its move
 * in progress; prints TOPIC/PARTITION/FROM/TO and, with {@code --wait}, returns once the move ended.
 */
@Command(name = "reassign", mixinStandardHelpOptions = true,
        description = {"Move a partition's replicas to other brokers (--replicas, preferred leader first), or cancel its move in "
                + "progress (--cancel: the partition walks back to the replicas it had).",
                "The controller records the target and the partition's leader adds and removes one replica at a time; "
                        + "the command returns once the target is recorded (with --wait: once the move is done). "
                        + "The same brokers in another order only change the preferred leader, at once. Needs ALTER on the cluster."})
public final class PartitionReassignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Option(names = "--partition", required = true, paramLabel = "PARTITION", description = "The partition number.")
    int partition;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Where to: --replicas or --cancel. */
    static final class Target {
        @Option(names = "--replicas", split = ",", paramLabel = "ID", description = "The target brokers, preferred leader first, e.g. 2,3,4.")
        List<Integer> replicas;

        @Option(names = "--cancel", description = "Cancel the move in progress.")
        boolean cancel;
    }

    @Mixin
    ThrottleOption throttle;

    @Option(names = "--dry-run", description = "Validate and print the move; change nothing.")
    boolean dryRun;

    @Mixin
    WaitOption waitFor;

    @Override
    public Integer call() throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (Admin admin = AdminClients.open(connection)) {
            PartitionInfo current = partitionOf(AdminClients.await(admin.describeTopics(List.of(topic)), connection).get(topic));
            PartitionReassignment running = AdminClients.await(admin.listPartitionReassignments(), connection).stream()
                    .filter(r -> r.partition().equals(tp)).findFirst().orElse(null);
            if (target.cancel && running == null) {
                throw new CliException(ExitCodes.FAILED, "no move of partition " + partition + " of topic '" + topic + "' is in progress");
            }
            List<Integer> to = target.cancel ? current.replicas() : target.replicas;
            List<Integer> from = running != null ? running.targetReplicas() : current.replicas();
            AdminClients.await(admin.alterPartitionReassignments(List.of(new NewPartitionReassignment(tp, to, throttle.bytesPerSec)), dryRun), connection);
            ReplicaMoves.print(spec.commandLine().getOut(), output.json(), List.of(new ReplicaMove(tp, from, to)), !dryRun, "");
            if (waitFor.waits(dryRun)) {
                ReplicaMoves.await(() -> AdminClients.await(admin.listPartitionReassignments(), connection).stream()
                        .noneMatch(r -> r.partition().equals(tp)), waitFor.limit, "the move of partition " + partition + " of topic '" + topic + "'");
                spec.commandLine().getErr().println("Move done: partition " + partition + " of topic '" + topic + "' has replicas "
                        + ReplicaMoves.ids(to) + ".");
            }
        }
        return ExitCodes.OK;
    }

    private PartitionInfo partitionOf(TopicDescription t) {
        return t.partitions().stream().filter(p -> p.partition() == partition).findFirst().orElseThrow(() -> new CliException(
                ExitCodes.FAILED, "topic '" + topic + "' has no partition " + partition + " (it has " + t.partitions().size() + ")"));
    }
}
