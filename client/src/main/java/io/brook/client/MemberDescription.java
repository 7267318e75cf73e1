package io.brook.client;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A member of a consumer group, as its coordinator sees it. The partition sets keep the order they
 * were given in ({@link Admin#describeGroups} gives them sorted by topic, then partition).
 *
 * @param memberId the id the member chose (kept across its rejoins)
 * @param instanceId its {@code group.instance.id} when it is a static member
 * @param clientId its {@code client.id}
 * @param host the client's address as the coordinator sees it
 * @param memberEpoch the member's epoch
 * @param subscribedTopics the topics it subscribes to
 * @param assignment the partitions it may consume now
 * @param pendingRevocation the partitions it was told to give up and has not yet confirmed giving up
 * @param target the partitions the assignor wants it to have once the group is reconciled
 */
public record MemberDescription(String memberId, Optional<String> instanceId, String clientId, String host,
                                int memberEpoch, List<String> subscribedTopics, Set<TopicPartition> assignment,
                                Set<TopicPartition> pendingRevocation, Set<TopicPartition> target) {

    public MemberDescription {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(instanceId, "instanceId");
        clientId = Objects.requireNonNullElse(clientId, "");
        host = Objects.requireNonNullElse(host, "");
        subscribedTopics = List.copyOf(subscribedTopics);
        assignment = ordered(assignment);
        pendingRevocation = ordered(pendingRevocation);
        target = ordered(target);
    }

    private static Set<TopicPartition> ordered(Set<TopicPartition> partitions) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(partitions));
    }
}
