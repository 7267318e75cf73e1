package io.brook.client.testing;

import io.brook.client.OffsetAndMetadata;
import io.brook.client.TopicPartition;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fake cluster's group coordinator, simple but faithful to the contract a client relies on:
 * one broker coordinates every group ({@link FakeCluster#setCoordinator}); members join with epoch
 * 0, leave with -1 or -2; the target assignment spreads the partitions of the subscribed topics
 * over the members in member-id order (round robin); a partition is given to a member only when no
 * other member is assigned it or reports owning it, and a member's assignment keeps only what is
 * in its target. Commits check the member id and epoch. Every heartbeat and commit received is
 * recorded for assertions. Owned by the fake cluster's event loop.
 */
final class FakeGroups {

    /** One member as the fake coordinator sees it. */
    static final class FakeMember {
        final String id;
        String instanceId = "";
        int epoch;
        List<String> subscription = List.of();
        Set<TopicPartition> owned = Set.of();
        Set<TopicPartition> assigned = new LinkedHashSet<>();

        FakeMember(String id) {
            this.id = id;
        }
    }

    /** One group: members by id, committed offsets. */
    static final class FakeGroup {
        final Map<String, FakeMember> members = new TreeMap<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int groupEpoch;
    }

    final Map<String, FakeGroup> groups = new HashMap<>();
    final List<GroupHeartbeatRequest> heartbeats = new ArrayList<>();
    final List<OffsetCommitRequest> commits = new ArrayList<>();
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

    FindCoordinatorResponse findCoordinator(FindCoordinatorRequest request, ErrorCode injected) {
        if (injected != null) {
            return FindCoordinatorResponse.newBuilder().setErrorCode(injected).setErrorMessage("fake: injected").build();
        }
        FakeBroker b = cluster.broker(coordinatorId);
        return FindCoordinatorResponse.newBuilder().setNodeId(b.id).setHost("127.0.0.1").setPort(b.port()).build();
    }

    GroupHeartbeatResponse heartbeat(FakeBroker broker, GroupHeartbeatRequest r, ErrorCode injected) {
        heartbeats.add(r);
        GroupHeartbeatResponse.Builder out = GroupHeartbeatResponse.newBuilder().setMemberId(r.getMemberId())
                .setHeartbeatIntervalMs(heartbeatIntervalMs).setSessionTimeoutMs(sessionTimeoutMs);
        ErrorCode error = injected != null ? injected : broker.id != coordinatorId ? ErrorCode.NOT_COORDINATOR : null;
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

    OffsetCommitResponse offsetCommit(FakeBroker broker, OffsetCommitRequest r, ErrorCode injected) {
        commits.add(r);
        ErrorCode error = injected != null ? injected : broker.id != coordinatorId ? ErrorCode.NOT_COORDINATOR : null;
        if (error == null && !r.getMemberId().isEmpty()) {
            FakeMember m = group(r.getGroupId()).members.get(r.getMemberId());
            error = m == null ? ErrorCode.UNKNOWN_MEMBER_ID : m.epoch != r.getMemberEpoch() ? ErrorCode.STALE_MEMBER_EPOCH : null;
        }
        if (error != null) {
            return OffsetCommitResponse.newBuilder().setErrorCode(error).setErrorMessage("fake: " + error).build();
        }
        FakeGroup g = group(r.getGroupId());
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

    OffsetFetchResponse offsetFetch(FakeBroker broker, OffsetFetchRequest r, ErrorCode injected) {
        ErrorCode error = injected != null ? injected : broker.id != coordinatorId ? ErrorCode.NOT_COORDINATOR : null;
        if (error != null) {
            return OffsetFetchResponse.newBuilder().setErrorCode(error).setErrorMessage("fake: " + error).build();
        }
        FakeGroup g = group(r.getGroupId());
        OffsetFetchResponse.Builder out = OffsetFetchResponse.newBuilder();
        for (OffsetFetchTopic t : r.getTopicsList()) {
            OffsetFetchTopicResult.Builder tr = OffsetFetchTopicResult.newBuilder().setName(t.getName());
            for (int p : t.getPartitionsList()) {
                OffsetAndMetadata o = g.offsets.get(new TopicPartition(t.getName(), p));
                tr.addPartitions(OffsetFetchPartitionResult.newBuilder().setPartition(p)
                        .setOffset(o == null ? -1 : o.offset()).setTerm(o == null ? -1 : o.term())
                        .setMetadata(o == null ? "" : o.metadata()).setCommitTimeMs(o == null ? -1 : 0));
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
