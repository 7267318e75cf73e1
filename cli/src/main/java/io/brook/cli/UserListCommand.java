package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.UserDescription;
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

/** {@code brook user list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the users with the mechanisms and iteration counts of their credentials.")
public final class UserListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        List<UserDescription> users;
        try (Admin admin = AdminClients.open(connection)) {
            users = AdminClients.await(admin.describeUsers(), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Object> all = new ArrayList<>();
            for (UserDescription u : users) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user", u.name());
                m.put("credentials", new LinkedHashMap<>(u.iterations()));
                all.add(m);
            }
            out.println(Json.write(all));
        } else {
            Table table = new Table("USER", "MECHANISM", "ITERATIONS");
            users.forEach(u -> u.iterations().forEach((mechanism, n) -> table.row(u.name(), mechanism, n)));
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
