package io.brook.broker.coordinator;

import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.GroupEvent;
import io.brook.broker.group.Member;
import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One group this broker coordinates: its assignment state machine, its committed offsets and, in
 * memory only, each member's client id and host (for describe). Owned by the coordinator thread.
 */
final class CoordinatedGroup {

    static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** A member's client, as its last heartbeat showed it. */
    record Client(String clientId, String host) {}

    final String groupId;
    final String assignor;
    final GroupCoordinator coordinator;
    final TreeMap<TopicPartition, CommittedOffset> offsets = new TreeMap<>(ORDER);
    final Map<String, Client> clients = new HashMap<>();
    /** The time of the last commit, or of the group's creation: retention counts from it. */
    long lastCommitMs;

    CoordinatedGroup(String groupId, String assignor, GroupCoordinator coordinator, long createdMs) {
        this.groupId = groupId;
        this.assignor = assignor;
        this.coordinator = coordinator;
        this.lastCommitMs = createdMs;
    }

    /**
     * Tells the state machine the partition counts of {@code topics} from the cluster metadata (topics
     * created after a member subscribed, and partitions added, are picked up here).
     */
    void refreshTopics(Iterable<String> topics, Function<String, Integer> partitionCounts, long nowMs) {
        for (String topic : topics) {
            Integer count = partitionCounts.apply(topic);
            if (count != null && count > 0) {
                coordinator.topicPartitions(topic, count, nowMs);
            }
        }
    }

    /** Every topic a member subscribes to. */
    Set<String> subscribedTopics() {
        Set<String> topics = new TreeSet<>();
        coordinator.state().members().values().forEach(m -> topics.addAll(m.subscribedTopics()));
        return topics;
    }

    /** The records of the events the state machine emitted since the last call. */
    List<GroupRecords.Encoded> drainRecords() {
        List<GroupRecords.Encoded> out = new ArrayList<>();
        for (GroupEvent e : coordinator.drainEvents()) {
            out.add(GroupRecords.encode(groupId, e));
        }
        return out;
    }

    boolean isEmpty() {
        return coordinator.state().members().isEmpty();
    }

    /** {@code empty}, {@code reconciling} (some member is not yet at its target) or {@code stable}. */
    String state() {
        if (isEmpty()) {
            return "empty";
        }
        int epoch = coordinator.state().groupEpoch();
        for (Member m : coordinator.state().members().values()) {
            if (m.memberEpoch() != epoch || !m.pendingRevocation().isEmpty()
                    || !m.assigned().equals(coordinator.state().target(m.memberId()))) {
                return "reconciling";
            }
        }
        return "stable";
    }
}
