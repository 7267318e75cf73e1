package io.brook.client.internal.admin;

import io.brook.client.BrookException;
import io.brook.client.ClusterDescription;
import io.brook.client.GroupDescription;
import io.brook.client.GroupListing;
import io.brook.client.LeaderMove;
import io.brook.client.NewPartitionReassignment;
import io.brook.client.NewTopic;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.PartitionReassignment;
import io.brook.client.ReplicaMove;
import io.brook.client.RetriableException;
import io.brook.client.TopicAlteration;
import io.brook.client.TopicDescription;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.UserDescription;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.AlterTopicRequest;
import io.brook.protocol.message.AlterTopicResponse;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.DeleteTopicsRequest;
import io.brook.protocol.message.DeleteTopicsResponse;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.RebalanceLeadersRequest;
import io.brook.protocol.message.RebalanceLeadersResponse;
import io.brook.protocol.message.TopicMetadata;
import io.brook.protocol.message.TopicResult;
import io.brook.protocol.message.TopicSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The admin operations behind {@link io.brook.client.Admin} (those on consumer groups in
 * {@link GroupAdmin}, those on users in {@link UserAdmin}, replica moves in {@link ReassignmentAdmin}): each builds its request, sends it to
 * the controller when the change needs one (to any broker otherwise), and retries retriable
 * failures until {@code default.api.timeout.ms}. Topics that fail per topic with a retriable error
 * are retried alone; non-retriable per-topic errors fail the operation (the first one as the
 * exception, the others suppressed in it).
 *
 * <p>Thread-safe: state lives in the network client, the metadata and each call's closure.
 */
public final class AdminClient implements AutoCloseable {

    private final NetworkClient network;
    private final Metadata metadata;
    private final Backoff backoff;
    private final int requestTimeoutMs;
    private final long apiTimeoutMs;
    private final GroupAdmin groups;
    private final AclAdmin acls;
    private final UserAdmin users;
    private final ReassignmentAdmin reassignments;

    public AdminClient(ClientSettings settings, long apiTimeoutMs) {
        this.network = new NetworkClient(settings);
        this.metadata = new Metadata(network, settings);
        this.backoff = new Backoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs());
        this.requestTimeoutMs = settings.requestTimeoutMs();
        this.apiTimeoutMs = apiTimeoutMs;
        this.groups = new GroupAdmin(network, metadata, backoff, requestTimeoutMs, apiTimeoutMs);
        this.acls = new AclAdmin(network, metadata, backoff, requestTimeoutMs, apiTimeoutMs);
        this.users = new UserAdmin(network, metadata, this::controller, backoff, requestTimeoutMs, apiTimeoutMs);
        this.reassignments = new ReassignmentAdmin(network, metadata, this::controller, backoff, requestTimeoutMs, apiTimeoutMs);
    }

    /** The controller if the metadata names one, otherwise any broker. */
    private InetSocketAddress controller() {
        metadata.refreshIfNeeded();
        int id = metadata.cluster().controllerId();
        InetSocketAddress a = id >= 0 ? metadata.cluster().address(id) : null;
        return a != null ? a : metadata.anyBroker();
    }

    /** An operation that changes the cluster: a timeout leaves its effect unknown. */
    private <T> CompletableFuture<T> retrying(String what, java.util.function.Supplier<CompletableFuture<T>> attempt,
                                              boolean retryUnknownTopic) {
        return retrying(what, attempt, retryUnknownTopic, false);
    }

    /** An operation that only reads. */
    private <T> CompletableFuture<T> reading(String what, java.util.function.Supplier<CompletableFuture<T>> attempt,
                                             boolean retryUnknownTopic) {
        return retrying(what, attempt, retryUnknownTopic, true);
    }

    private <T> CompletableFuture<T> retrying(String what, java.util.function.Supplier<CompletableFuture<T>> attempt,
                                              boolean retryUnknownTopic, boolean readOnly) {
        return RetryingCall.run(network.eventLoop(), metadata, backoff, what, apiTimeoutMs, attempt,
                e -> e.isRetriable() && (retryUnknownTopic || !(e instanceof UnknownTopicOrPartitionException)), readOnly);
    }

    private static <T> CompletableFuture<T> checked(CompletableFuture<T> response, Function<T, ErrorCode> code,
                                                    Function<T, String> message) {
        return response.thenApply(r -> {
            if (code.apply(r) != ErrorCode.NONE) {
                throw ErrorMapping.toException(code.apply(r), message.apply(r), null, -1, -1);
            }
            return r;
        });
    }

    /**
     * Creates topics, retrying the ones whose outcome an attempt left unknown (a retriable error, no
     * answer): when a retry finds such a topic existing, it is taken as created by the earlier attempt if
     * a description shows the partition count and replication factor asked for (see {@link CreateOutcomes}),
     * and reported as existing otherwise.
     */
    public CompletableFuture<Void> createTopics(Collection<NewTopic> topics) {
        Map<String, NewTopic> remaining = new LinkedHashMap<>();
        for (NewTopic t : topics) {
            remaining.put(t.name(), t);
        }
        List<BrookException> failures = new ArrayList<>();
        CreateOutcomes outcomes = new CreateOutcomes(remaining);
        CompletableFuture<Void> attempts = retrying("creating topics " + remaining.keySet(), () -> {
            outcomes.attempt(remaining.keySet());
            CreateTopicsRequest.Builder request = CreateTopicsRequest.newBuilder().setTimeoutMs(requestTimeoutMs);
            for (NewTopic t : remaining.values()) {
                request.addTopics(TopicSpec.newBuilder().setName(t.name()).setPartitions(t.partitions())
                        .setReplicationFactor(t.replicationFactor()).putAllConfigs(t.configs()));
            }
            return checked(network.call(controller(), ApiKey.CREATE_TOPICS, request.build(), CreateTopicsResponse.parser(),
                            requestTimeoutMs), CreateTopicsResponse::getErrorCode, CreateTopicsResponse::getErrorMessage)
                    .thenApply(r -> settle(outcomes.sortOut(r.getResultsList()), remaining.keySet(), failures, false));
        }, true);
        return attempts.handle((v, e) -> e).thenCompose(e -> {
            if (outcomes.toVerify().isEmpty()) {
                return e == null ? CompletableFuture.<Void>completedFuture(null) : CompletableFuture.<Void>failedFuture(e);
            }
            return describeTopics(outcomes.toVerify().keySet(), false).handle((found, de) -> {
                outcomes.verify(found == null ? Map.of() : found, e);
                return null;
            });
        });
    }

    public CompletableFuture<Void> deleteTopics(Collection<String> names) {
        Set<String> remaining = new LinkedHashSet<>(names);
        List<BrookException> failures = new ArrayList<>();
        return retrying("deleting topics " + remaining, () -> {
            DeleteTopicsRequest request = DeleteTopicsRequest.newBuilder().addAllTopics(remaining)
                    .setTimeoutMs(requestTimeoutMs).build();
            return checked(network.call(controller(), ApiKey.DELETE_TOPICS, request, DeleteTopicsResponse.parser(),
                            requestTimeoutMs), DeleteTopicsResponse::getErrorCode, DeleteTopicsResponse::getErrorMessage)
                    .thenApply(r -> settle(r.getResultsList(), remaining, failures, true));
        }, false);
    }

    /**
     * Removes the topics that succeeded or failed for good from {@code remaining}; throws a retriable
     * exception while some may still succeed, then the first non-retriable failure.
     *
     * @param deleting whether the topics are being deleted (an unknown topic then needs no creating)
     */
    private static Void settle(List<TopicResult> results, Set<String> remaining, List<BrookException> failures,
                               boolean deleting) {
        RetriableException retry = null;
        Set<String> answered = new TreeSet<>();
        for (TopicResult r : results) {
            if (!remaining.contains(r.getName())) {
                continue;
            }
            answered.add(r.getName());
            if (r.getErrorCode() == ErrorCode.NONE) {
                remaining.remove(r.getName());
                continue;
            }
            BrookException e = deleting && r.getErrorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                    ? new UnknownTopicOrPartitionException("topic '" + r.getName() + "' does not exist, so there is nothing"
                            + " to delete: `brook topic list` lists the topics there are", null, r.getErrorCode())
                    : ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), r.getName(), -1, -1);
            if (e instanceof RetriableException re && !(e instanceof UnknownTopicOrPartitionException)) {
                retry = re;
            } else {
                remaining.remove(r.getName());
                failures.add(e);
            }
        }
        for (String unanswered : remaining) {
            if (!answered.contains(unanswered)) {
                retry = new io.brook.client.RetriableBrokerErrorException("the broker's response has no result for topic '"
                        + unanswered + "'", null, ErrorCode.UNKNOWN_SERVER_ERROR);
            }
        }
        if (retry != null) {
            throw retry;
        }
        if (!failures.isEmpty()) {
            BrookException first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
        return null;
    }

    public CompletableFuture<Set<String>> listTopics() {
        return reading("listing topics", () -> {
            MetadataRequest request = MetadataRequest.newBuilder().setAllTopics(true).build();
            return checked(network.call(metadata.anyBroker(), ApiKey.METADATA, request, MetadataResponse.parser(),
                    requestTimeoutMs), MetadataResponse::getErrorCode, MetadataResponse::getErrorMessage)
                    .thenApply(r -> {
                        Set<String> names = new TreeSet<>();
                        for (TopicMetadata t : r.getTopicsList()) {
                            if (t.getErrorCode() == ErrorCode.NONE) {
                                names.add(t.getName());
                            }
                        }
                        return Set.copyOf(names);
                    });
        }, true);
    }

    public CompletableFuture<Map<String, TopicDescription>> describeTopics(Collection<String> names, boolean includeOffsets) {
        List<String> wanted = List.copyOf(new LinkedHashSet<>(names));
        return reading("describing topics " + wanted, () -> {
            DescribeTopicsRequest request = DescribeTopicsRequest.newBuilder().addAllTopics(wanted)
                    .setIncludeOffsets(includeOffsets).build();
            return checked(network.call(metadata.anyBroker(), ApiKey.DESCRIBE_TOPICS, request,
                            DescribeTopicsResponse.parser(), requestTimeoutMs),
                    DescribeTopicsResponse::getErrorCode, DescribeTopicsResponse::getErrorMessage)
                    .thenApply(r -> {
                        Map<String, TopicDescription> out = new LinkedHashMap<>();
                        for (io.brook.protocol.message.TopicDescription t : r.getTopicsList()) {
                            if (t.getErrorCode() != ErrorCode.NONE) {
                                throw ErrorMapping.toException(t.getErrorCode(), t.getErrorMessage(), t.getName(), -1, -1);
                            }
                            out.put(t.getName(), AdminResponses.topic(t, includeOffsets));
                        }
                        for (String name : wanted) {
                            if (!out.containsKey(name)) {
                                throw ErrorMapping.unknownTopic(name, -1, "");
                            }
                        }
                        return out;
                    });
        }, false);
    }

    public CompletableFuture<Void> alterTopic(String topic, TopicAlteration alteration) {
        return retrying("altering topic '" + topic + "'", () -> {
            AlterTopicRequest request = AlterTopicRequest.newBuilder().setTopic(topic)
                    .setPartitions(alteration.partitions()).putAllSetConfigs(alteration.setConfigs())
                    .addAllDeleteConfigs(alteration.deleteConfigs()).setValidateOnly(alteration.isValidateOnly())
                    .setTimeoutMs(requestTimeoutMs).build();
            return network.call(controller(), ApiKey.ALTER_TOPIC, request, AlterTopicResponse.parser(), requestTimeoutMs)
                    .thenApply(r -> {
                        if (r.getErrorCode() != ErrorCode.NONE) {
                            throw ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), topic, -1, -1);
                        }
                        return (Void) null;
                    });
        }, false);
    }

    public CompletableFuture<ClusterDescription> describeCluster() {
        return reading("describing the cluster", () -> {
            MetadataRequest request = MetadataRequest.newBuilder().build();
            return checked(network.call(metadata.anyBroker(), ApiKey.METADATA, request, MetadataResponse.parser(),
                    requestTimeoutMs), MetadataResponse::getErrorCode, MetadataResponse::getErrorMessage)
                    .thenApply(AdminResponses::cluster);
        }, true);
    }

    /** RebalanceLeaders on every live broker: each answers for the partitions it leads. */
    public CompletableFuture<List<LeaderMove>> rebalanceLeaders(boolean dryRun) {
        RebalanceLeadersRequest request = RebalanceLeadersRequest.newBuilder().setDryRun(dryRun).build();
        return retrying("moving leaders to their preferred brokers", () -> metadata.refresh().thenCompose(cluster -> {
            List<CompletableFuture<RebalanceLeadersResponse>> answers = new ArrayList<>();
            for (InetSocketAddress broker : cluster.brokerAddresses()) {
                answers.add(checked(network.call(broker, ApiKey.REBALANCE_LEADERS, request, RebalanceLeadersResponse.parser(),
                        requestTimeoutMs), RebalanceLeadersResponse::getErrorCode, RebalanceLeadersResponse::getErrorMessage));
            }
            return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                    .thenApply(ignored -> AdminResponses.leaderMoves(answers.stream().map(CompletableFuture::join).toList()));
        }), false);
    }

    public CompletableFuture<Void> alterPartitionReassignments(List<NewPartitionReassignment> moves, boolean validateOnly) {
        return reassignments.alter(moves, validateOnly);
    }

    public CompletableFuture<List<PartitionReassignment>> listPartitionReassignments() {
        return reassignments.list();
    }

    /** @param brokerId the broker to decommission, or -1 to rebalance replicas */
    public CompletableFuture<List<ReplicaMove>> planReassignments(int brokerId, long throttleBytesPerSec, boolean validateOnly) {
        return reassignments.plan(brokerId, throttleBytesPerSec, validateOnly);
    }

    public CompletableFuture<List<GroupListing>> listGroups() {
        return groups.listGroups();
    }

    public CompletableFuture<Map<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        return groups.describeGroups(groupIds);
    }

    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listGroupOffsets(String groupId) {
        return groups.listGroupOffsets(groupId);
    }

    public CompletableFuture<Void> alterGroupOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return groups.alterGroupOffsets(groupId, offsets);
    }

    public CompletableFuture<Void> deleteGroups(Collection<String> groupIds) {
        return groups.deleteGroups(groupIds);
    }

    public CompletableFuture<Void> createUser(String name, String mechanism, char[] password, int iterations) {
        return users.createUser(name, mechanism, password, iterations);
    }

    public CompletableFuture<Void> deleteUser(String name, String mechanism) {
        return users.deleteUser(name, mechanism);
    }

    public CompletableFuture<List<UserDescription>> describeUsers() {
        return users.describeUsers();
    }

    @Override
    public void close() {
        network.close();
    }

    public CompletableFuture<List<io.brook.client.AclEntry>> describeAcls(io.brook.client.AclEntry.Filter filter) {
        return acls.describe(filter);
    }

    public CompletableFuture<Void> createAcls(List<io.brook.client.AclEntry> entries) {
        return acls.create(entries);
    }

    public CompletableFuture<List<io.brook.client.AclEntry>> deleteAcls(List<io.brook.client.AclEntry.Filter> filters) {
        return acls.delete(filters);
    }
}
