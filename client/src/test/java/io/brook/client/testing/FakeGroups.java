package io.brook.client.testing;

import io.brook.client.OffsetAndMetadata;
import io.brook.client.TopicPartition;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.DeleteGroupResult;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DeleteGroupsResponse;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.DescribeGroupsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupDescription;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
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
import io.brook.protocol.message.OffsetFetchTopic;
import io.brook.protocol.message.OffsetFetchTopicResult;
import io.brook.protocol.message.TopicPartitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fake cluster's group coordinator, simple but faithful to the contract clients rely on.
 *
 * <p>Each group has a coordinator broker ({@link #place}, else the default one of
 * {@link FakeCluster#setCoordinator}); a group request to another broker is answered
 * {@code NOT_COORDINATOR}. Members join by heartbeat with epoch 0 and leave with -1 or -2; the
 * target assignment spreads the partitions of the subscribed topics over the members in member-id
 * order (round robin); a partition is given to a member only when no other member is assigned it
 * or reports owning it, and a member's assignment keeps only what is in its target. Tests may also
 * add members as the coordinator would describe them ({@link #addMember}), which take no part in
 * the assignment. Commits check the member id and epoch; a commit without a member (epoch -1) is
 * refused while the group has members. Every heartbeat and commit received is recorded for
 * assertions. Owned by the fake cluster's event loop; tests reach it through the public methods,
 * which run there.
 */
public final class FakeGroups {

    /** One member that joined by heartbeat, as the fake coordinator sees it. */
    static final class FakeMember {
        final String id;
        String instanceId = "";
        String clientId = "";
        int epoch;
        List<String> subscription = List.of();
        Set<TopicPartition> owned = Set.of();
        Set<TopicPartition> assigned = new LinkedHashSet<>();

        FakeMember(String id) {
            this.id = id;
        }
    }

    /** One group: its coordinator (-1: the default one), members, committed offsets. */
    static final class FakeGroup {
        int coordinator = -1;
        final Map<String, FakeMember> members = new TreeMap<>();
        final List<GroupMemberDescription> described = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int groupEpoch;

        int memberCount() {
            return members.size() + described.size();
        }

        String state() {
            return memberCount() == 0 ? "empty" : "stable";
        }
    }

    final Map<String, FakeGroup> groups = new TreeMap<>();
    final List<GroupHeartbeatRequest> heartbeats = new ArrayList<>();
    final List<OffsetCommitRequest> commits = new ArrayList<>();
    /** Coordinator of every group not {@link #place placed} elsewhere. */
    int coordinatorId;
    int heartbeatIntervalMs = 50;
    int sessionTimeoutMs = 10_000;
    private final FakeCluster cluster;

    FakeGroups(FakeCluster cluster) {
        this.cluster = cluster;
    }

    FakeGroup group(String id) {
        return groups.computeIfAbsent(id, k -> new FakeGroup());
    }

    /** Creates an empty group coordinated by broker {@code coordinator}, or moves an existing one there. */
    public void place(String groupId, int coordinator) {
        cluster.run(() -> group(groupId).coordinator = coordinator);
    }

    /** Adds a member as the coordinator would describe it (creating the group if needed). */
    public void addMember(String groupId, GroupMemberDescription member) {
        cluster.run(() -> group(groupId).described.add(member));
    }

    /** Removes every member of a group. */
    public void removeMembers(String groupId) {
        cluster.run(() -> {
            group(groupId).described.clear();
            group(groupId).members.clear();
        });
    }

    /** The committed offset of a partition, or -1. */
    public long committed(String groupId, String topic, int partition) {
        return cluster.call(() -> {
            FakeGroup g = groups.get(groupId);
            OffsetAndMetadata o = g == null ? null : g.offsets.get(new TopicPartition(topic, partition));
            return o == null ? -1L : o.offset();
        });
    }

    public boolean exists(String groupId) {
        return cluster.call(() -> groups.containsKey(groupId));
    }

    /** A described member as tests usually need it: one topic, assigned partitions as given. */
    public static GroupMemberDescription member(String memberId, String topic, int... partitions) {
        TopicPartitions.Builder assigned = TopicPartitions.newBuilder().setTopic(topic);
        for (int p : partitions) {
            assigned.addPartitions(p);
        }
        return GroupMemberDescription.newBuilder().setMemberId(memberId).setClientId("client-" + memberId)
                .setClientHost("/127.0.0.1").setMemberEpoch(3).addSubscribedTopicNames(topic).addAssignment(assigned)
                .addTarget(assigned).build();
    }

    private int coordinatorOf(String groupId) {
        FakeGroup g = groups.get(groupId);
        return g == null || g.coordinator < 0 ? coordinatorId : g.coordinator;
    }

    /** The error for a request about {@code groupId} received by {@code broker}, or null. */
    private ErrorCode refusal(FakeBroker broker, String groupId, ErrorCode injected) {
        return injected != null ? injected : broker.id != coordinatorOf(groupId) ? ErrorCode.NOT_COORDINATOR : null;
    }

    FindCoordinatorResponse findCoordinator(FindCoordinatorRequest request, ErrorCode injected) {
        FindCoordinatorResponse.Builder r = FindCoordinatorResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        String bad = GroupIds.check(request.getGroupId());
        if (bad != null) {
            return r.setErrorCode(ErrorCode.INVALID_GROUP_ID).setErrorMessage(bad).build();
        }
        FakeBroker b = cluster.broker(coordinatorOf(request.getGroupId()));
        return r.setNodeId(b.id).setHost("127.0.0.1").setPort(b.port()).build();
    }

    GroupHeartbeatResponse heartbeat(FakeBroker broker, GroupHeartbeatRequest r, ErrorCode injected) {
        heartbeats.add(r);
        GroupHeartbeatResponse.Builder out = GroupHeartbeatResponse.newBuilder().setMemberId(r.getMemberId())
                .setHeartbeatIntervalMs(heartbeatIntervalMs).setSessionTimeoutMs(sessionTimeoutMs);
        ErrorCode error = refusal(broker, r.getGroupId(), injected);
        if (error != null) {
            return out.setErrorCode(error).setErrorMessage("fake: " + error).build();
        }
        FakeGroup g = group(r.getGroupId());
        FakeMember m = g.members.get(r.getMemberId());
        int epoch = r.getMemberEpoch();
        if (epoch == -1 || epoch == -2) {
            g.members.remove(r.getMemberId());
            g.groupEpoch++;
            return out.setMemberEpoch(epoch).build();
        }
        if (epoch == 0) {
            if (!r.getInstanceId().isEmpty()) {
                g.members.values().removeIf(o -> o.instanceId.equals(r.getInstanceId()));
            }
            m = new FakeMember(r.getMemberId());
            m.instanceId = r.getInstanceId();
            m.clientId = r.getClientId();
            g.members.put(m.id, m);
            g.groupEpoch++;
            m.epoch = g.groupEpoch;
        } else if (m == null) {
            return out.setErrorCode(ErrorCode.UNKNOWN_MEMBER_ID).setErrorMessage("fake: unknown member").build();
        } else if (m.epoch != epoch) {
            g.members.remove(m.id);
            return out.setErrorCode(ErrorCode.FENCED_MEMBER_EPOCH).setErrorMessage("fake: fenced").build();
        }
        if (r.getHasSubscription()) {
            m.subscription = List.copyOf(r.getSubscribedTopicNamesList());
        }
        if (r.getHasOwned()) {
            m.owned = toSet(r.getOwnedList());
        }
        reconcile(g, m);
        out.setMemberEpoch(m.epoch);
        toWire(m.assigned).forEach(out::addAssignment);
        return out.build();
    }

    /** Moves {@code m} toward its target: keeps what is still its, adds what nobody else holds. */
    private void reconcile(FakeGroup g, FakeMember m) {
        Map<String, Set<TopicPartition>> target = target(g);
        Set<TopicPartition> mine = target.getOrDefault(m.id, Set.of());
        m.assigned.retainAll(mine);
        for (TopicPartition tp : mine) {
            boolean heldElsewhere = g.members.values().stream()
                    .anyMatch(o -> o != m && (o.assigned.contains(tp) || o.owned.contains(tp)));
            if (!heldElsewhere) {
                m.assigned.add(tp);
            }
        }
    }

    /** Round robin of the subscribed topics' partitions over the members, in member-id order. */
    private Map<String, Set<TopicPartition>> target(FakeGroup g) {
        Map<String, Set<TopicPartition>> out = new TreeMap<>();
        Set<String> topics = new TreeSet<>();
        g.members.values().forEach(m -> topics.addAll(m.subscription));
        for (String t : topics) {
            FakeCluster.FakeTopic topic = cluster.topics.get(t);
            if (topic == null) {
                continue;
            }
            List<FakeMember> subscribers = g.members.values().stream().filter(m -> m.subscription.contains(t)).toList();
            for (int p = 0; p < topic.partitions.size(); p++) {
                FakeMember owner = subscribers.get(p % subscribers.size());
                out.computeIfAbsent(owner.id, k -> new LinkedHashSet<>()).add(new TopicPartition(t, p));
            }
        }
        return out;
    }

    ListGroupsResponse listGroups(FakeBroker broker, ErrorCode injected) {
        ListGroupsResponse.Builder r = ListGroupsResponse.newBuilder();
        if (injected != null) {
            return r.setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        groups.forEach((id, g) -> {
            if (coordinatorOf(id) == broker.id) {
                r.addGroups(ListedGroup.newBuilder().setGroupId(id).setState(g.state()).setMemberCount(g.memberCount()));
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
            if (coordinatorOf(id) != broker.id) {
                d.setErrorCode(ErrorCode.NOT_COORDINATOR);
            } else if (g == null) {
                d.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND);
            } else {
                d.setState(g.state()).setGroupEpoch(g.memberCount() == 0 ? 0 : Math.max(3, g.groupEpoch)).setAssignor("uniform")
                        .setCoordinatorId(coordinatorOf(id)).addAllMembers(g.described);
                for (FakeMember m : g.members.values()) {
                    d.addMembers(GroupMemberDescription.newBuilder().setMemberId(m.id).setInstanceId(m.instanceId)
                            .setClientId(m.clientId).setMemberEpoch(m.epoch).addAllSubscribedTopicNames(m.subscription)
                            .addAllAssignment(toWire(m.assigned)));
                }
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
            ErrorCode code = coordinatorOf(id) != broker.id ? ErrorCode.NOT_COORDINATOR
                    : g == null ? ErrorCode.GROUP_ID_NOT_FOUND
                    : g.memberCount() > 0 ? ErrorCode.NON_EMPTY_GROUP
                    : ErrorCode.NONE;
            if (code == ErrorCode.NONE) {
                groups.remove(id);
            }
            r.addResults(DeleteGroupResult.newBuilder().setGroupId(id).setErrorCode(code));
        }
        return r.build();
    }

    OffsetCommitResponse offsetCommit(FakeBroker broker, OffsetCommitRequest r, ErrorCode injected) {
        commits.add(r);
        ErrorCode error = refusal(broker, r.getGroupId(), injected);
        FakeGroup g = group(r.getGroupId());
        if (error == null && !r.getMemberId().isEmpty()) {
            FakeMember m = g.members.get(r.getMemberId());
            error = m == null ? ErrorCode.UNKNOWN_MEMBER_ID : m.epoch != r.getMemberEpoch() ? ErrorCode.STALE_MEMBER_EPOCH : null;
        } else if (error == null && r.getMemberEpoch() == -1 && g.memberCount() > 0) {
            error = ErrorCode.NON_EMPTY_GROUP;
        }
        if (error != null) {
            return OffsetCommitResponse.newBuilder().setErrorCode(error).setErrorMessage("fake: " + error).build();
        }
        OffsetCommitResponse.Builder out = OffsetCommitResponse.newBuilder();
        for (OffsetCommitTopic t : r.getTopicsList()) {
            OffsetCommitTopicResult.Builder tr = OffsetCommitTopicResult.newBuilder().setName(t.getName());
            for (OffsetCommitPartition p : t.getPartitionsList()) {
                g.offsets.put(new TopicPartition(t.getName(), p.getPartition()),
                        new OffsetAndMetadata(p.getOffset(), p.getTerm(), p.getMetadata()));
                tr.addPartitions(OffsetCommitPartitionResult.newBuilder().setPartition(p.getPartition()));
            }
            out.addTopics(tr);
        }
        return out.build();
    }

    /** The named partitions' offsets (-1 without a commit), or with no topics named, every committed offset. */
    OffsetFetchResponse offsetFetch(FakeBroker broker, OffsetFetchRequest r, ErrorCode injected) {
        ErrorCode error = refusal(broker, r.getGroupId(), injected);
        if (error == null && r.getTopicsCount() == 0 && !groups.containsKey(r.getGroupId())) {
            error = ErrorCode.GROUP_ID_NOT_FOUND;
        }
        if (error != null) {
            return OffsetFetchResponse.newBuilder().setErrorCode(error).setErrorMessage("fake: " + error).build();
        }
        FakeGroup g = group(r.getGroupId());
        List<OffsetFetchTopic> wanted = r.getTopicsList();
        if (wanted.isEmpty()) {
            Map<String, TreeSet<Integer>> all = new TreeMap<>();
            g.offsets.keySet().stream().sorted(Comparator.comparing(TopicPartition::partition))
                    .forEach(tp -> all.computeIfAbsent(tp.topic(), k -> new TreeSet<>()).add(tp.partition()));
            List<OffsetFetchTopic> every = new ArrayList<>();
            all.forEach((t, ps) -> every.add(OffsetFetchTopic.newBuilder().setName(t).addAllPartitions(ps).build()));
            wanted = every;
        }
        OffsetFetchResponse.Builder out = OffsetFetchResponse.newBuilder();
        for (OffsetFetchTopic t : wanted) {
            OffsetFetchTopicResult.Builder tr = OffsetFetchTopicResult.newBuilder().setName(t.getName());
            for (int p : t.getPartitionsList()) {
                OffsetAndMetadata o = g.offsets.get(new TopicPartition(t.getName(), p));
                tr.addPartitions(OffsetFetchPartitionResult.newBuilder().setPartition(p)
                        .setOffset(o == null ? -1 : o.offset()).setTerm(o == null ? -1 : o.term())
                        .setMetadata(o == null ? "" : o.metadata()).setCommitTimeMs(o == null ? -1 : 1));
            }
            out.addTopics(tr);
        }
        return out.build();
    }

    private static Set<TopicPartition> toSet(List<TopicPartitions> wire) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (TopicPartitions t : wire) {
            t.getPartitionsList().forEach(p -> out.add(new TopicPartition(t.getTopic(), p)));
        }
        return out;
    }

    private static List<TopicPartitions> toWire(Set<TopicPartition> partitions) {
        Map<String, TreeSet<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new TreeSet<>()).add(tp.partition()));
        List<TopicPartitions> out = new ArrayList<>();
        byTopic.forEach((t, ps) -> out.add(TopicPartitions.newBuilder().setTopic(t).addAllPartitions(ps).build()));
        return out;
    }
}
