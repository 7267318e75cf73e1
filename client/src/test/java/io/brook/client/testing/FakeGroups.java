package io.brook.client.testing;

import io.brook.protocol.message.DeleteGroupResult;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DeleteGroupsResponse;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.DescribeGroupsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupDescription;
import io.brook.protocol.message.GroupMemberDescription;
import io.brook.protocol.message.ListGroupsResponse;
import io.brook.protocol.message.ListedGroup;
import io.brook.protocol.message.OffsetCommitPartition;
import io.brook.protocol.message.OffsetCommitPartitionResult;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetCommitResponse;
import io.brook.protocol.message.OffsetCommitTopic;
import io.brook.protocol.message.OffsetCommitTopicResult;
import io.brook.protocol.message.OffsetFetchPartitionResult;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.protocol.message.OffsetFetchResponse;
import io.brook.protocol.message.OffsetFetchTopicResult;
import io.brook.protocol.message.TopicPartitions;
import io.brook.protocol.GroupIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake cluster's consumer groups and their APIs, for the admin client: each group has a
 * coordinator broker (a request to another broker is answered {@code NOT_COORDINATOR}), members
 * the test adds as the coordinator would describe them, and committed offsets. There is no
 * heartbeat: membership only changes through the test. Owned by the cluster's event loop; tests
 * reach it through the public methods, which run there.
 */
public final class FakeGroups {

    private final FakeCluster cluster;
    final Map<String, FakeGroup> groups = new TreeMap<>();
    /** Coordinator of groups the test did not place, e.g. those created by a commit. */
    int defaultCoordinator;

    /** One group. Offsets by topic, then partition. */
    static final class FakeGroup {
        int coordinator;
        final List<GroupMemberDescription> members = new ArrayList<>();
        final Map<String, Map<Integer, OffsetCommitPartition>> offsets = new TreeMap<>();

        FakeGroup(int coordinator) {
            this.coordinator = coordinator;
        }

        String state() {
            return members.isEmpty() ? "empty" : "stable";
        }
    }

    FakeGroups(FakeCluster cluster) {
        this.cluster = cluster;
    }

    /** Creates an empty group coordinated by broker {@code coordinator}, or moves an existing one there. */
    public void place(String groupId, int coordinator) {
        cluster.run(() -> groups.computeIfAbsent(groupId, id -> new FakeGroup(coordinator)).coordinator = coordinator);
    }

    /** Adds a member (creating the group on the default coordinator if needed). */
    public void addMember(String groupId, GroupMemberDescription member) {
        cluster.run(() -> groups.computeIfAbsent(groupId, id -> new FakeGroup(defaultCoordinator)).members.add(member));
    }

    /** Removes every member of a group. */
    public void removeMembers(String groupId) {
        cluster.run(() -> groups.get(groupId).members.clear());
    }

    /** The committed offset of a partition, or -1. */
    public long committed(String groupId, String topic, int partition) {
        return cluster.call(() -> {
            FakeGroup g = groups.get(groupId);
            OffsetCommitPartition p = g == null ? null : g.offsets.getOrDefault(topic, Map.of()).get(partition);
            return p == null ? -1L : p.getOffset();
        });
    }

    public boolean exists(String groupId) {
        return cluster.call(() -> groups.containsKey(groupId));
    }

    /** A member as the tests usually need it: one topic, assigned partitions as given. */
    public static GroupMemberDescription member(String memberId, String topic, int... partitions) {
        TopicPartitions.Builder assigned = TopicPartitions.newBuilder().setTopic(topic);
        for (int p : partitions) {
            assigned.addPartitions(p);
        }
        return GroupMemberDescription.newBuilder().setMemberId(memberId).setClientId("client-" + memberId)
                .setClientHost("/127.0.0.1").setMemberEpoch(3).addSubscribedTopicNames(topic).addAssignment(assigned)
                .addTarget(assigned).build();
    }

    /** Whether broker {@code brokerId} coordinates {@code groupId} (unknown groups: the default coordinator). */
    private boolean coordinates(int brokerId, String groupId) {
        FakeGroup g = groups.get(groupId);
        return (g == null ? defaultCoordinator : g.coordinator) == brokerId;
    }

    FindCoordinatorResponse findCoordinator(FindCoordinatorRequest request, ErrorCode injected) {
        FindCoordinatorResponse.Builder r = FindCoordinatorResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        if (GroupIds.check(request.getGroupId()) != null) {
            return r.setErrorCode(ErrorCode.INVALID_GROUP_ID).setErrorMessage(GroupIds.check(request.getGroupId())).build();
        }
        FakeGroup g = groups.get(request.getGroupId());
        FakeBroker coordinator = cluster.broker(g == null ? defaultCoordinator : g.coordinator);
        return r.setNodeId(coordinator.id).setHost("127.0.0.1").setPort(coordinator.port()).build();
    }

    ListGroupsResponse listGroups(FakeBroker broker, ErrorCode injected) {
        ListGroupsResponse.Builder r = ListGroupsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        groups.forEach((id, g) -> {
            if (g.coordinator == broker.id) {
                r.addGroups(ListedGroup.newBuilder().setGroupId(id).setState(g.state()).setMemberCount(g.members.size()));
            }
        });
        return r.build();
    }

    DescribeGroupsResponse describeGroups(FakeBroker broker, DescribeGroupsRequest request, ErrorCode injected) {
        DescribeGroupsResponse.Builder r = DescribeGroupsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        for (String id : request.getGroupIdsList()) {
            GroupDescription.Builder d = GroupDescription.newBuilder().setGroupId(id);
            FakeGroup g = groups.get(id);
            if (!coordinates(broker.id, id)) {
                d.setErrorCode(ErrorCode.NOT_COORDINATOR);
            } else if (g == null) {
                d.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND);
            } else {
                d.setState(g.state()).setGroupEpoch(g.members.isEmpty() ? 0 : 3).setAssignor("uniform")
                        .setCoordinatorId(g.coordinator).addAllMembers(g.members);
            }
            r.addGroups(d);
        }
        return r.build();
    }

    DeleteGroupsResponse deleteGroups(FakeBroker broker, DeleteGroupsRequest request, ErrorCode injected) {
        DeleteGroupsResponse.Builder r = DeleteGroupsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        for (String id : request.getGroupIdsList()) {
            FakeGroup g = groups.get(id);
            ErrorCode code = !coordinates(broker.id, id) ? ErrorCode.NOT_COORDINATOR
                    : g == null ? ErrorCode.GROUP_ID_NOT_FOUND
                    : !g.members.isEmpty() ? ErrorCode.NON_EMPTY_GROUP
                    : ErrorCode.NONE;
            if (code == ErrorCode.NONE) {
                groups.remove(id);
            }
            r.addResults(DeleteGroupResult.newBuilder().setGroupId(id).setErrorCode(code));
        }
        return r.build();
    }

    OffsetFetchResponse offsetFetch(FakeBroker broker, OffsetFetchRequest request, ErrorCode injected) {
        OffsetFetchResponse.Builder r = OffsetFetchResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        if (!coordinates(broker.id, request.getGroupId())) {
            return r.setErrorCode(ErrorCode.NOT_COORDINATOR).build();
        }
        FakeGroup g = groups.get(request.getGroupId());
        if (g == null) {
            return r.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND).build();
        }
        g.offsets.forEach((topic, partitions) -> {
            OffsetFetchTopicResult.Builder t = OffsetFetchTopicResult.newBuilder().setName(topic);
            partitions.forEach((p, o) -> t.addPartitions(OffsetFetchPartitionResult.newBuilder().setPartition(p)
                    .setOffset(o.getOffset()).setTerm(o.getTerm()).setMetadata(o.getMetadata()).setCommitTimeMs(1)));
            r.addTopics(t);
        });
        return r.build();
    }

    OffsetCommitResponse offsetCommit(FakeBroker broker, OffsetCommitRequest request, ErrorCode injected) {
        OffsetCommitResponse.Builder r = OffsetCommitResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        if (!coordinates(broker.id, request.getGroupId())) {
            return r.setErrorCode(ErrorCode.NOT_COORDINATOR).build();
        }
        FakeGroup g = groups.computeIfAbsent(request.getGroupId(), id -> new FakeGroup(defaultCoordinator));
        if (!g.members.isEmpty() && request.getMemberEpoch() == -1) {
            return r.setErrorCode(ErrorCode.NON_EMPTY_GROUP).setErrorMessage("fake: the group has members").build();
        }
        for (OffsetCommitTopic t : request.getTopicsList()) {
            OffsetCommitTopicResult.Builder tr = OffsetCommitTopicResult.newBuilder().setName(t.getName());
            for (OffsetCommitPartition p : t.getPartitionsList()) {
                g.offsets.computeIfAbsent(t.getName(), n -> new TreeMap<>()).put(p.getPartition(), p);
                tr.addPartitions(OffsetCommitPartitionResult.newBuilder().setPartition(p.getPartition()));
            }
            r.addTopics(tr);
        }
        return r.build();
    }
}
