package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook cluster}: cluster inspection. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Inspect the cluster.",
        subcommands = {ClusterInfoCommand.class})
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
