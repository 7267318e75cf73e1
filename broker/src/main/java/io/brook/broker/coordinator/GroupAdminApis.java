package io.brook.broker.coordinator;

import io.brook.broker.group.Member;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.DeleteGroupResult;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DeleteGroupsResponse;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.DescribeGroupsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.GroupDeletedRecord;
import io.brook.protocol.message.GroupDescription;
import io.brook.protocol.message.GroupMemberDescription;
import io.brook.protocol.message.ListGroupsResponse;
import io.brook.protocol.message.ListedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups (the groups this broker coordinates), DescribeGroups and DeleteGroups (refused with
 * NON_EMPTY_GROUP while the group has members; recorded as a deletion record in {@code __groups}).
 */
public final class GroupAdminApis {

    private final CoordinatorService service;
    private final int brokerId;

    public GroupAdminApis(CoordinatorService service, int brokerId) {
        this.service = service;
        this.brokerId = brokerId;
    }

    public CompletableFuture<ListGroupsResponse> list() {
        return service.<ListGroupsResponse>call(s -> {
            ListGroupsResponse.Builder b = ListGroupsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
            for (GroupShard shard : s.loadedShards()) {
                for (CoordinatedGroup g : shard.groups.values()) {
                    b.addGroups(ListedGroup.newBuilder().setGroupId(g.groupId).setState(g.state())
                            .setMemberCount(g.coordinator.state().members().size()));
                }
            }
            return CompletableFuture.completedFuture(b.build());
        }).exceptionally(t -> ListGroupsResponse.newBuilder().setErrorCode(Failures.of(t).code()).setErrorMessage(Failures.of(t).message()).build());
    }

    public CompletableFuture<DescribeGroupsResponse> describe(DescribeGroupsRequest req) {
        return service.<DescribeGroupsResponse>call(s -> {
            DescribeGroupsResponse.Builder b = DescribeGroupsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
            for (String id : req.getGroupIdsList()) {
                b.addGroups(describeOne(s, id));
            }
            return CompletableFuture.completedFuture(b.build());
        }).exceptionally(t -> DescribeGroupsResponse.newBuilder().setErrorCode(Failures.of(t).code())
                .setErrorMessage(Failures.of(t).message()).build());
    }

    private GroupDescription describeOne(CoordinatorService s, String groupId) {
        GroupDescription.Builder d = GroupDescription.newBuilder().setGroupId(groupId);
        String bad = GroupIds.check(groupId);
        if (bad != null) {
            return d.setErrorCode(ErrorCode.INVALID_GROUP_ID).setErrorMessage(bad).build();
        }
        GroupShard shard;
        try {
            shard = s.shardOf(groupId);
        } catch (CoordinatorService.CoordinatorException e) {
            return d.setErrorCode(e.code).setErrorMessage(e.getMessage()).build();
        }
        CoordinatedGroup g = shard.groups.get(groupId);
        if (g == null) {
            return d.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND).setErrorMessage("group '" + groupId + "' does not exist").build();
        }
        d.setErrorCode(ErrorCode.NONE).setState(g.state()).setGroupEpoch(g.coordinator.state().groupEpoch()).setAssignor(g.assignor)
                .setCoordinatorPartition(shard.partition.id().partition()).setCoordinatorId(brokerId);
        for (Member m : g.coordinator.state().members().values()) {
            CoordinatedGroup.Client client = g.clients.getOrDefault(m.memberId(), new CoordinatedGroup.Client("", ""));
            d.addMembers(GroupMemberDescription.newBuilder().setMemberId(m.memberId()).setInstanceId(m.instanceId().orElse(""))
                    .setClientId(client.clientId()).setClientHost(client.host()).setMemberEpoch(m.memberEpoch())
                    .addAllSubscribedTopicNames(m.subscribedTopics()).addAllAssignment(WirePartitions.of(m.assigned()))
                    .addAllPendingRevocation(WirePartitions.of(m.pendingRevocation()))
                    .addAllTarget(WirePartitions.of(g.coordinator.state().target(m.memberId()))));
        }
        return d.build();
    }

    public CompletableFuture<DeleteGroupsResponse> delete(DeleteGroupsRequest req) {
        return service.<DeleteGroupsResponse>call(s -> {
            List<CompletableFuture<DeleteGroupResult>> results = new ArrayList<>();
            for (String id : req.getGroupIdsList()) {
                results.add(deleteOne(s, id));
            }
            return CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).thenApply(v -> {
                DeleteGroupsResponse.Builder b = DeleteGroupsResponse.newBuilder().setErrorCode(ErrorCode.NONE);
                results.forEach(r -> b.addResults(r.join()));
                return b.build();
            });
        }).exceptionally(t -> DeleteGroupsResponse.newBuilder().setErrorCode(Failures.of(t).code())
                .setErrorMessage(Failures.of(t).message()).build());
    }

    private static CompletableFuture<DeleteGroupResult> deleteOne(CoordinatorService s, String groupId) {
        DeleteGroupResult.Builder r = DeleteGroupResult.newBuilder().setGroupId(groupId);
        String bad = GroupIds.check(groupId);
        if (bad != null) {
            return CompletableFuture.completedFuture(r.setErrorCode(ErrorCode.INVALID_GROUP_ID).setErrorMessage(bad).build());
        }
        GroupShard shard;
        try {
            shard = s.shardOf(groupId);
        } catch (CoordinatorService.CoordinatorException e) {
            return CompletableFuture.completedFuture(r.setErrorCode(e.code).setErrorMessage(e.getMessage()).build());
        }
        CoordinatedGroup g = shard.groups.get(groupId);
        if (g == null) {
            return CompletableFuture.completedFuture(r.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND)
                    .setErrorMessage("group '" + groupId + "' does not exist").build());
        }
        if (!g.isEmpty()) {
            return CompletableFuture.completedFuture(r.setErrorCode(ErrorCode.NON_EMPTY_GROUP).setErrorMessage("group '" + groupId
                    + "' has " + g.coordinator.state().members().size() + " member(s); stop them (or wait for their sessions to expire) first").build());
        }
        shard.groups.remove(groupId);
        return s.persist(shard, List.of(GroupRecords.encode(groupId,
                GroupRecords.record().setGroupDeleted(GroupDeletedRecord.newBuilder().setReason("deleted")).build(), null, null)))
                .handle((v, t) -> t == null ? r.setErrorCode(ErrorCode.NONE).build()
                        : r.setErrorCode(Failures.of(t).code()).setErrorMessage(Failures.of(t).message()).build());
    }
}
