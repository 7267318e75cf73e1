package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook topic}: topic administration. */
@Command(name = "topic", mixinStandardHelpOptions = true,
        description = "Create, list, describe, alter and delete topics.",
        subcommands = {TopicCreateCommand.class, TopicListCommand.class, TopicDescribeCommand.class,
                TopicAlterCommand.class, TopicDeleteCommand.class})
public final class TopicCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
