package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionReassignment;
import io.brook.client.ReplicaMove;
import io.brook.client.TopicDescription;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brook cluster decommission N}: moves every replica off broker N (the broker that answers plans the
 * moves from its metadata) and prints TOPIC/PARTITION/FROM/TO; with {@code --wait} returns once no partition
 * has N among its replicas or target.
 */
@Command(name = "decommission", mixinStandardHelpOptions = true,
        description = {"Move every replica off a broker, so that it can be shut down for good.",
                "Each partition holding it gets, in its place (and as preferred leader where it was), the live broker that is in "
                        + "a rack the partition does not use yet where possible, then holds the fewest replicas. "
                        + "The plan is made by the broker that answers; --dry-run prints it without moving anything. Needs ALTER on the cluster."})
public final class ClusterDecommissionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "BROKER", description = "The id of the broker to empty.")
    int broker;

    @Mixin
    ThrottleOption throttle;

    @Option(names = "--dry-run", description = "Print the plan; move nothing.")
    boolean dryRun;

    @Mixin
    WaitOption waitFor;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = AdminClients.open(connection)) {
            List<ReplicaMove> moves = AdminClients.await(admin.decommissionBroker(broker, throttle.bytesPerSec, dryRun), connection);
            ReplicaMoves.print(spec.commandLine().getOut(), output.json(), moves, !dryRun, "Broker " + broker + " holds no replicas.");
            if (waitFor.waits(dryRun)) {
                ReplicaMoves.await(() -> empty(admin), waitFor.limit, "decommissioning broker " + broker);
                spec.commandLine().getErr().println("Broker " + broker + " holds no replicas.");
            }
        }
        return ExitCodes.OK;
    }

    /** Whether no partition has the broker among its replicas or the target of its move. */
    private boolean empty(Admin admin) throws Exception {
        for (PartitionReassignment r : AdminClients.await(admin.listPartitionReassignments(), connection)) {
            if (r.targetReplicas().contains(broker) || r.replicas().contains(broker)) {
                return false;
            }
        }
        List<String> topics = AdminClients.await(admin.listTopics(), connection).stream().sorted().toList();
        for (TopicDescription t : AdminClients.await(admin.describeTopics(topics), connection).values()) {
            for (PartitionInfo p : t.partitions()) {
                if (p.replicas().contains(broker)) {
                    return false;
                }
            }
        }
        return true;
    }
}
