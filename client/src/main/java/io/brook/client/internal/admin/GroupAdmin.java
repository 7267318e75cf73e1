package io.brook.client.internal.admin;

import io.brook.client.BrookException;
import io.brook.client.GroupDescription;
import io.brook.client.GroupListing;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.RetriableBrokerErrorException;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.client.internal.coordinator.CoordinatorFinder;
import io.brook.client.internal.coordinator.GroupErrors;
import io.brook.client.internal.metadata.Cluster;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.DeleteGroupResult;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DeleteGroupsResponse;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.DescribeGroupsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ListGroupsRequest;
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
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The consumer group operations behind {@link io.brook.client.Admin}. Each request about a group
 * goes to the group's coordinator, found with FindCoordinator at every attempt, so that an attempt
 * answered {@code NOT_COORDINATOR} (or whose coordinator is unavailable, loading or unreachable)
 * is retried against the coordinator found again, until {@code default.api.timeout.ms}. Group ids
 * are checked before anything is sent.
 *
 * <p>Thread-safe: state lives in the network client, the metadata and each call's closure.
 */
final class GroupAdmin {

    /** The member id and epoch of a commit made outside the group (admin, or a consumer using assign). */
    private static final String NO_MEMBER = "";
    private static final int NO_MEMBER_EPOCH = -1;

    private final NetworkClient network;
    private final Metadata metadata;
    private final Backoff backoff;
    private final int requestTimeoutMs;
    private final long apiTimeoutMs;
    private final CoordinatorFinder coordinators;

    GroupAdmin(NetworkClient network, Metadata metadata, Backoff backoff, int requestTimeoutMs, long apiTimeoutMs) {
        this.network = network;
        this.metadata = metadata;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
        this.apiTimeoutMs = apiTimeoutMs;
        this.coordinators = new CoordinatorFinder(network, metadata, requestTimeoutMs);
    }

    private <T> CompletableFuture<T> retrying(String what, boolean readOnly, Supplier<CompletableFuture<T>> attempt) {
        return RetryingCall.run(network.eventLoop(), metadata, backoff, what, apiTimeoutMs, attempt,
                BrookException::isRetriable, readOnly);
    }

    /** One operation on one group: each attempt finds the coordinator, then sends it the request. */
    private <T> CompletableFuture<T> onCoordinator(String groupId, String what, boolean readOnly,
                                                   Function<InetSocketAddress, CompletableFuture<T>> request) {
        try {
            GroupErrors.check(groupId);
        } catch (BrookException e) {
            return CompletableFuture.failedFuture(e);
        }
        return retrying(what, readOnly, () -> coordinators.find(groupId).thenCompose(request));
    }

    private static void check(ErrorCode code, String message, String groupId) {
        if (code != ErrorCode.NONE) {
            throw GroupErrors.toException(code, message, groupId);
        }
    }

    CompletableFuture<List<GroupListing>> listGroups() {
        return retrying("listing groups", true, () -> metadata.refresh().thenCompose(this::listOnEveryBroker));
    }

    private CompletableFuture<List<GroupListing>> listOnEveryBroker(Cluster cluster) {
        List<CompletableFuture<ListGroupsResponse>> answers = new ArrayList<>();
        for (InetSocketAddress broker : cluster.brokerAddresses()) {
            answers.add(network.call(broker, ApiKey.LIST_GROUPS, ListGroupsRequest.getDefaultInstance(),
                    ListGroupsResponse.parser(), requestTimeoutMs));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            // a group that moves between brokers while they answer may be listed twice: keep one
            Map<String, GroupListing> merged = new TreeMap<>();
            for (CompletableFuture<ListGroupsResponse> answer : answers) {
                ListGroupsResponse r = answer.join();
                if (r.getErrorCode() != ErrorCode.NONE) {
                    throw ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), null, -1, -1);
                }
                for (ListedGroup g : r.getGroupsList()) {
                    merged.put(g.getGroupId(), GroupResponses.listing(g));
                }
            }
            return List.copyOf(merged.values());
        });
    }

    CompletableFuture<Map<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        return PerGroup.run(groupIds, id -> onCoordinator(id, "describing group '" + id + "'", true, coordinator -> {
            DescribeGroupsRequest request = DescribeGroupsRequest.newBuilder().addGroupIds(id).build();
            return network.call(coordinator, ApiKey.DESCRIBE_GROUPS, request, DescribeGroupsResponse.parser(),
                    requestTimeoutMs).thenApply(r -> {
                        check(r.getErrorCode(), r.getErrorMessage(), id);
                        for (io.brook.protocol.message.GroupDescription g : r.getGroupsList()) {
                            if (g.getGroupId().equals(id)) {
                                check(g.getErrorCode(), g.getErrorMessage(), id);
                                return GroupResponses.group(g);
                            }
                        }
                        throw missing("group '" + id + "'");
                    });
        }));
    }

    CompletableFuture<Void> deleteGroups(Collection<String> groupIds) {
        return PerGroup.run(groupIds, id -> onCoordinator(id, "deleting group '" + id + "'", false, coordinator -> {
            DeleteGroupsRequest request = DeleteGroupsRequest.newBuilder().addGroupIds(id).build();
            return network.call(coordinator, ApiKey.DELETE_GROUPS, request, DeleteGroupsResponse.parser(),
                    requestTimeoutMs).thenApply(r -> {
                        check(r.getErrorCode(), r.getErrorMessage(), id);
                        for (DeleteGroupResult g : r.getResultsList()) {
                            if (g.getGroupId().equals(id)) {
                                check(g.getErrorCode(), g.getErrorMessage(), id);
                                return Boolean.TRUE;
                            }
                        }
                        throw missing("group '" + id + "'");
                    });
        })).thenApply(done -> null);
    }

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listGroupOffsets(String groupId) {
        return onCoordinator(groupId, "listing the offsets of group '" + groupId + "'", true, coordinator -> {
            OffsetFetchRequest request = OffsetFetchRequest.newBuilder().setGroupId(groupId).build();
            return network.call(coordinator, ApiKey.OFFSET_FETCH, request, OffsetFetchResponse.parser(), requestTimeoutMs)
                    .thenApply(r -> offsets(r, groupId));
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(OffsetFetchResponse r, String groupId) {
        check(r.getErrorCode(), r.getErrorMessage(), groupId);
        List<TopicPartition> order = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> found = new LinkedHashMap<>();
        for (OffsetFetchTopicResult t : r.getTopicsList()) {
            for (OffsetFetchPartitionResult p : t.getPartitionsList()) {
                if (p.getErrorCode() != ErrorCode.NONE) {
                    throw ErrorMapping.toException(p.getErrorCode(), p.getErrorMessage(), t.getName(), p.getPartition(), -1);
                }
                if (p.getOffset() >= 0) {
                    TopicPartition tp = new TopicPartition(t.getName(), p.getPartition());
                    order.add(tp);
                    found.put(tp, new OffsetAndMetadata(p.getOffset(), Math.max(-1, p.getTerm()), p.getMetadata()));
                }
            }
        }
        order.sort(GroupResponses.PARTITION_ORDER);
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        order.forEach(tp -> out.put(tp, found.get(tp)));
        return out;
    }

    CompletableFuture<Void> alterGroupOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        OffsetCommitRequest request = commitRequest(groupId, offsets);
        return onCoordinator(groupId, "altering the offsets of group '" + groupId + "'", false, coordinator ->
                network.call(coordinator, ApiKey.OFFSET_COMMIT, request, OffsetCommitResponse.parser(), requestTimeoutMs)
                        .thenApply(r -> {
                            check(r.getErrorCode(), r.getErrorMessage(), groupId);
                            for (OffsetCommitTopicResult t : r.getTopicsList()) {
                                for (OffsetCommitPartitionResult p : t.getPartitionsList()) {
                                    if (p.getErrorCode() != ErrorCode.NONE) {
                                        throw partitionError(p, t.getName(), groupId);
                                    }
                                }
                            }
                            return null;
                        }));
    }

    private static BrookException partitionError(OffsetCommitPartitionResult p, String topic, String groupId) {
        return switch (p.getErrorCode()) {
            case UNKNOWN_TOPIC_OR_PARTITION, OFFSET_OUT_OF_RANGE ->
                    ErrorMapping.toException(p.getErrorCode(), p.getErrorMessage(), topic, p.getPartition(), -1);
            default -> GroupErrors.toException(p.getErrorCode(), p.getErrorMessage(), groupId);
        };
    }

    private static OffsetCommitRequest commitRequest(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, OffsetCommitTopic.Builder> topics = new TreeMap<>();
        List<TopicPartition> order = new ArrayList<>(offsets.keySet());
        order.sort(GroupResponses.PARTITION_ORDER);
        for (TopicPartition tp : order) {
            OffsetAndMetadata o = offsets.get(tp);
            topics.computeIfAbsent(tp.topic(), name -> OffsetCommitTopic.newBuilder().setName(name))
                    .addPartitions(OffsetCommitPartition.newBuilder().setPartition(tp.partition()).setOffset(o.offset())
                            .setTerm(o.term()).setMetadata(o.metadata()));
        }
        OffsetCommitRequest.Builder request = OffsetCommitRequest.newBuilder().setGroupId(groupId).setMemberId(NO_MEMBER)
                .setMemberEpoch(NO_MEMBER_EPOCH);
        topics.values().forEach(request::addTopics);
        return request.build();
    }

    private static RetriableBrokerErrorException missing(String what) {
        return new RetriableBrokerErrorException("the coordinator's response has no result for " + what, null,
                ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    /** Runs one operation per distinct group id at once and gathers their results. */
    private static final class PerGroup {

        private PerGroup() {}

        /**
         * @return each group's result, in the order of {@code groupIds}; fails at once, sending nothing,
         *     when a group id is invalid; otherwise fails with the first group's
         *     failure (the other groups' failures suppressed in it) once every group has finished
         */
        static <T> CompletableFuture<Map<String, T>> run(Collection<String> groupIds,
                                                         Function<String, CompletableFuture<T>> operation) {
            for (String id : groupIds) {
                try {
                    // every id is checked before anything is sent for any of them
                    GroupErrors.check(id);
                } catch (BrookException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            Map<String, CompletableFuture<T>> calls = new LinkedHashMap<>();
            for (String id : new LinkedHashSet<>(groupIds)) {
                calls.put(id, operation.apply(id));
            }
            CompletableFuture<Map<String, T>> result = new CompletableFuture<>();
            CompletableFuture.allOf(calls.values().toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) -> {
                Map<String, T> out = new LinkedHashMap<>();
                BrookException first = null;
                for (Map.Entry<String, CompletableFuture<T>> e : calls.entrySet()) {
                    try {
                        out.put(e.getKey(), e.getValue().join());
                    } catch (RuntimeException failure) {
                        BrookException be = Futures.toBrook(failure);
                        if (first == null) {
                            first = be;
                        } else {
                            first.addSuppressed(be);
                        }
                    }
                }
                if (first != null) {
                    result.completeExceptionally(first);
                } else {
                    result.complete(out);
                }
            });
            return result;
        }
    }
}
