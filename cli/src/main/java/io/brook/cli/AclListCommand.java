package io.brook.cli;

import io.brook.client.AclEntry;
import io.brook.client.Admin;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook acl list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the ACLs, all or those the options select (e.g. --principal User:alice).")
public final class AclListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AclOptions acl;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Set<AclEntry> found = new LinkedHashSet<>();
        try (Admin admin = AdminClients.open(connection)) {
            for (AclEntry.Filter f : acl.filters()) {
                found.addAll(AdminClients.await(admin.describeAcls(f), connection));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Object> all = new ArrayList<>();
            for (AclEntry a : found) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("principal", a.principal());
                m.put("resourceType", lower(a.resourceType()));
                m.put("resourceName", a.resourceName());
                m.put("patternType", lower(a.patternType()));
                m.put("operation", lower(a.operation()));
                m.put("permission", lower(a.permission()));
                all.add(m);
            }
            out.println(Json.write(all));
        } else {
            Table table = new Table("PRINCIPAL", "PERMISSION", "OPERATION", "RESOURCE", "NAME", "PATTERN");
            found.forEach(a -> table.row(a.principal(), lower(a.permission()), lower(a.operation()), lower(a.resourceType()),
                    a.resourceName(), lower(a.patternType())));
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
