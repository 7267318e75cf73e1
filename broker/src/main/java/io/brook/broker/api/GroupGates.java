package io.brook.broker.api;

import io.brook.broker.network.RequestContext;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.ListGroupsRequest;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetCommitTopic;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.util.List;

/**
 * What each consumer-group API needs, as Kafka asks it: FindCoordinator DESCRIBE on the group;
 * GroupHeartbeat READ on the group; OffsetCommit READ on the group and on every topic committed;
 * OffsetFetch DESCRIBE on the group; ListGroups DESCRIBE on the cluster; DescribeGroups DESCRIBE and
 * DeleteGroups DELETE on every group named. (The topics of a subscription are not checked at the
 * heartbeat: fetching them needs READ on each.) Stateless but for the {@link Authorization} it asks.
 */
public final class GroupGates {

    private final Authorization authorization;

    public GroupGates(Authorization authorization) {
        this.authorization = authorization;
    }

    public GroupApiHandler.Gate<FindCoordinatorRequest> find() {
        return (rc, r) -> group(rc, r.getGroupId(), Operation.DESCRIBE);
    }

    public GroupApiHandler.Gate<GroupHeartbeatRequest> heartbeat() {
        return (rc, r) -> group(rc, r.getGroupId(), Operation.READ);
    }

    public GroupApiHandler.Gate<OffsetCommitRequest> commit() {
        return (rc, r) -> {
            String refusal = group(rc, r.getGroupId(), Operation.READ);
            for (OffsetCommitTopic t : r.getTopicsList()) {
                if (refusal == null && !authorization.allowed(rc, ResourceType.TOPIC, t.getName(), Operation.READ)) {
                    refusal = Authorization.denied(rc, ResourceType.TOPIC, t.getName(), Operation.READ);
                }
            }
            return refusal;
        };
    }

    public GroupApiHandler.Gate<OffsetFetchRequest> fetch() {
        return (rc, r) -> group(rc, r.getGroupId(), Operation.DESCRIBE);
    }

    public GroupApiHandler.Gate<ListGroupsRequest> list() {
        return (rc, r) -> authorization.allowedOnCluster(rc, Operation.DESCRIBE) ? null
                : Authorization.denied(rc, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.DESCRIBE);
    }

    public GroupApiHandler.Gate<DescribeGroupsRequest> describe() {
        return (rc, r) -> groups(rc, r.getGroupIdsList(), Operation.DESCRIBE);
    }

    public GroupApiHandler.Gate<DeleteGroupsRequest> delete() {
        return (rc, r) -> groups(rc, r.getGroupIdsList(), Operation.DELETE);
    }

    private String groups(RequestContext rc, List<String> ids, Operation op) {
        for (String id : ids) {
            String refusal = group(rc, id, op);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    private String group(RequestContext rc, String id, Operation op) {
        // an empty or invalid id is the coordinator's to refuse (INVALID_GROUP_ID), not a resource to check
        if (id.isEmpty() || io.brook.protocol.GroupIds.check(id) != null) {
            return null;
        }
        return authorization.allowed(rc, ResourceType.GROUP, id, op) ? null : Authorization.denied(rc, ResourceType.GROUP, id, op);
    }
}
