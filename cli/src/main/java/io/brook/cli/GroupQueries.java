package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.GroupDescription;
import io.brook.client.GroupIdNotFoundException;
import io.brook.client.GroupState;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the group commands ask the cluster: a group's description and the log offsets of its topics. */
final class GroupQueries {

    private GroupQueries() {}

    /** The group, or {@code null} when its coordinator does not know it (answered as not found, or as dead). */
    static GroupDescription describeIfExists(Admin admin, String groupId, ConnectionOptions connection) throws Exception {
        try {
            GroupDescription g = AdminClients.await(admin.describeGroups(List.of(groupId)), connection).get(groupId);
            return g == null || g.state() == GroupState.DEAD ? null : g;
        } catch (GroupIdNotFoundException e) {
            return null;
        }
    }

    /** The message for a group that does not exist, as the client's own. */
    static CliException unknownGroup(String groupId) {
        return new CliException(ExitCodes.FAILED, "group '" + groupId + "' does not exist: `brook group list` lists the groups"
                + " there are");
    }

    /**
     * Log start, end and high watermark of every partition of {@code topics}.
     *
     * @param skipMissing whether topics that do not exist (any more) are left out instead of failing
     */
    static Map<TopicPartition, PartitionOffsets> logOffsets(Admin admin, Collection<String> topics, boolean skipMissing,
                                                            ConnectionOptions connection) throws Exception {
        Set<String> wanted = new TreeSet<>(topics);
        if (skipMissing && !wanted.isEmpty()) {
            wanted.retainAll(AdminClients.await(admin.listTopics(), connection));
        }
        Map<TopicPartition, PartitionOffsets> out = new HashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        for (TopicDescription t : AdminClients.await(admin.describeTopics(wanted, true), connection).values()) {
            t.offsets().forEach((p, o) -> out.put(new TopicPartition(t.name(), p), o));
        }
        return out;
    }
}
