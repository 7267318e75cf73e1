package io.brook.cli;

import io.brook.client.AclEntry;
import io.brook.client.Admin;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brook acl remove}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove the ACLs the options select; prints each one removed.",
                "Without --principal or a resource, --all is needed (it removes every ACL)."})
public final class AclRemoveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AclOptions acl;

    @Option(names = "--all", description = "Allow removing every ACL when no principal or resource is given.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        if (acl.principal == null && acl.resourceType() == null && !all) {
            throw new CliException(ExitCodes.USAGE, "acl remove without --principal, --topic, --group or --cluster removes every ACL: add --all");
        }
        List<AclEntry> removed;
        try (Admin admin = AdminClients.open(connection)) {
            removed = AdminClients.await(admin.deleteAcls(acl.filters()), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        removed.forEach(e -> out.println("Removed: " + AclOptions.describe(e)));
        if (removed.isEmpty()) {
            out.println("No ACL matched.");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
