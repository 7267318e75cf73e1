package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code brook} command: only subcommands. */
@Command(name = "brook",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Brook: a Raft-replicated event log.", ""},
        subcommands = {
                DevCommand.class,
                ServerCommand.class,
                TopicCommand.class,
                PartitionCommand.class,
                GroupCommand.class,
                AclCommand.class,
                UserCommand.class,
                ProduceCommand.class,
                ConsumeCommand.class,
                PerfCommand.class,
                ClusterCommand.class,
                VerifyCommand.class,
                picocli.CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 ok, 1 operation failed, 2 bad usage, 3 broker unreachable or timed out, 4 bad configuration.",
                "Clients reach 127.0.0.1:9192 unless --bootstrap or BROOK_BOOTSTRAP says otherwise."})
public final class BrookCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
