package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.GroupListing;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook group list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List consumer groups with their state and member count.")
public final class GroupListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        List<GroupListing> groups;
        try (Admin admin = AdminClients.open(connection)) {
            groups = AdminClients.await(admin.listGroups(), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Object> all = new ArrayList<>();
            for (GroupListing g : groups) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", g.groupId());
                m.put("state", g.state().label());
                m.put("members", g.memberCount());
                all.add(m);
            }
            out.println(Json.write(all));
        } else {
            Table table = new Table("GROUP", "STATE", "MEMBERS");
            groups.forEach(g -> table.row(g.groupId(), g.state().label(), g.memberCount()));
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
