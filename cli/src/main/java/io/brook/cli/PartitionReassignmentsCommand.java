package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.PartitionReassignment;
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

/** {@code brook partition reassignments}: the replica moves in progress. */
@Command(name = "reassignments", mixinStandardHelpOptions = true,
        description = "List the partitions whose replicas are moving: their replicas, target and throttle. Needs DESCRIBE on the cluster.")
public final class PartitionReassignmentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        List<PartitionReassignment> moves;
        try (Admin admin = AdminClients.open(connection)) {
            moves = AdminClients.await(admin.listPartitionReassignments(), connection);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Object> rows = new ArrayList<>();
            for (PartitionReassignment r : moves) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", r.partition().topic());
                row.put("partition", r.partition().partition());
                row.put("replicas", r.replicas());
                row.put("target_replicas", r.targetReplicas());
                row.put("throttle_bytes_per_sec", r.throttleBytesPerSec());
                rows.add(row);
            }
            out.println(Json.write(Map.of("reassignments", rows)));
        } else if (moves.isEmpty()) {
            out.println("No replica moves in progress.");
        } else {
            Table t = new Table("TOPIC", "PARTITION", "REPLICAS", "TARGET", "THROTTLE");
            for (PartitionReassignment r : moves) {
                t.row(r.partition().topic(), r.partition().partition(), ReplicaMoves.ids(r.replicas()), ReplicaMoves.ids(r.targetReplicas()),
                        r.throttleBytesPerSec() == 0 ? "none" : Bytes.human(r.throttleBytesPerSec()) + "/s");
            }
            t.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
