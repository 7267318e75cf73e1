package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook user}: users and their SASL SCRAM credentials. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Create, list and delete the users clients authenticate as (SASL SCRAM).",
        subcommands = {UserCreateCommand.class, UserListCommand.class, UserDeleteCommand.class})
public final class UserCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
