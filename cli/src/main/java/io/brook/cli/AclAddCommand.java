package io.brook.cli;

import io.brook.client.AclEntry;
import io.brook.client.Admin;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook acl add}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Allow (or with --deny, deny) a principal operations on a resource.",
                "Example: brook acl add --principal User:alice --operation write,describe --topic orders"})
public final class AclAddCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AclOptions acl;

    @Override
    public Integer call() throws Exception {
        List<AclEntry> entries = acl.entries();
        try (Admin admin = AdminClients.open(connection)) {
            AdminClients.await(admin.createAcls(entries), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        entries.forEach(e -> out.println("Added: " + AclOptions.describe(e)));
        out.flush();
        return ExitCodes.OK;
    }
}
