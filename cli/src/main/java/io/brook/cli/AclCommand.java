package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook acl}: access control lists. */
@Command(name = "acl", mixinStandardHelpOptions = true,
        description = "Add, list and remove ACLs (enforced by brokers with authorization.enabled).",
        subcommands = {AclAddCommand.class, AclListCommand.class, AclRemoveCommand.class})
public final class AclCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
