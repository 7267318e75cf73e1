package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.BrokerNode;
import io.brook.client.ClusterDescription;
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

/** {@code brook cluster info}. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the cluster id, the controller and the brokers.")
public final class ClusterInfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        ClusterDescription c;
        try (Admin admin = AdminClients.open(connection)) {
            c = AdminClients.await(admin.describeCluster(), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cluster_id", c.clusterId());
            m.put("controller_id", c.controllerId());
            List<Object> brokers = new ArrayList<>();
            for (BrokerNode b : c.brokers()) {
                brokers.add(Map.of("id", b.id(), "host", b.host(), "port", b.port()));
            }
            m.put("brokers", brokers);
            out.println(Json.write(m));
        } else {
            out.println("Cluster: " + c.clusterId() + "  controller: " + (c.controllerId() < 0 ? "none" : c.controllerId()));
            Table t = new Table("BROKER", "ADDRESS", "RACK");
            for (BrokerNode b : c.brokers()) {
                t.row(b.id(), b.address(), b.rack());
            }
            t.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
