package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook cluster}: cluster inspection, and a local multi-broker cluster for development. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Inspect and balance the cluster; start and stop a local one (up, status, down).",
        subcommands = {ClusterInfoCommand.class, ClusterUpCommand.class, ClusterStatusCommand.class, ClusterDownCommand.class,
                ClusterRebalanceCommand.class, ClusterDecommissionCommand.class})
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
