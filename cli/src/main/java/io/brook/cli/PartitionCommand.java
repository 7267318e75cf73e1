package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook partition}: moving a partition's replicas between brokers. */
@Command(name = "partition", mixinStandardHelpOptions = true,
        description = "Move partitions' replicas between brokers (reassign) and list the moves in progress (reassignments).",
        subcommands = {PartitionReassignCommand.class, PartitionReassignmentsCommand.class})
public final class PartitionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
