package io.brook.broker.coordinator;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.HeartbeatRequest;
import io.brook.broker.group.HeartbeatResult;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.protocol.message.TopicPartitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * GroupHeartbeat: checks the request, then on the coordinator thread creates the group on a first
 * join, refreshes the partition counts of the subscribed topics, runs the heartbeat through the
 * group's {@link GroupCoordinator}, records what it decided in {@code __groups} and answers once that
 * is committed.
 */
public final class HeartbeatApi {

    private final CoordinatorService service;
    private final Function<String, Integer> topicPartitions;

    public HeartbeatApi(CoordinatorService service, Function<String, Integer> topicPartitions) {
        this.service = service;
        this.topicPartitions = topicPartitions;
    }

    /** @param frameClientId the client id of the request frame, used when the request names none */
    public CompletableFuture<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest req, String clientHost, String frameClientId) {
        String bad = GroupIds.check(req.getGroupId());
        if (bad != null) {
            return CompletableFuture.completedFuture(error(ErrorCode.INVALID_GROUP_ID, bad));
        }
        if (req.getMemberId().isEmpty()) {
            return CompletableFuture.completedFuture(error(ErrorCode.INVALID_REQUEST, "member_id is empty: a member chooses its id (a UUID)"));
        }
        if (!req.getServerAssignor().isEmpty() && !req.getServerAssignor().equals("uniform") && !req.getServerAssignor().equals("range")) {
            return CompletableFuture.completedFuture(error(ErrorCode.INVALID_REQUEST,
                    "unknown server_assignor '" + req.getServerAssignor() + "': use uniform or range"));
        }
        String clientId = req.getClientId().isEmpty() ? frameClientId : req.getClientId();
        return service.<GroupHeartbeatResponse>call(s -> onThread(s, req, new CoordinatedGroup.Client(clientId, clientHost)))
                .exceptionally(t -> error(Failures.of(t).code(), Failures.of(t).message()));
    }

    private CompletableFuture<GroupHeartbeatResponse> onThread(CoordinatorService s, GroupHeartbeatRequest req, CoordinatedGroup.Client client) {
        GroupShard shard = s.shardOf(req.getGroupId());
        long now = s.now();
        CoordinatedGroup group = shard.groups.get(req.getGroupId());
        List<GroupRecords.Encoded> records = new ArrayList<>();
        if (group == null) {
            if (req.getMemberEpoch() != HeartbeatRequest.JOIN_EPOCH) {
                return CompletableFuture.completedFuture(error(ErrorCode.UNKNOWN_MEMBER_ID,
                        "group '" + req.getGroupId() + "' has no member " + req.getMemberId() + ": rejoin with epoch 0"));
            }
            String assignor = req.getServerAssignor().isEmpty() ? s.config().getString(BrokerConfig.GROUP_ASSIGNOR) : req.getServerAssignor();
            group = shard.create(req.getGroupId(), assignor, s.config().getInt(BrokerConfig.GROUP_SESSION_TIMEOUT_MS), now, records);
        }
        int max = s.config().getInt(BrokerConfig.GROUP_MAX_SIZE);
        boolean joining = req.getMemberEpoch() == HeartbeatRequest.JOIN_EPOCH
                && group.coordinator.state().member(req.getMemberId()).isEmpty()
                && (req.getInstanceId().isEmpty() || group.coordinator.state().memberWithInstanceId(req.getInstanceId()).isEmpty());
        if (joining && group.coordinator.state().members().size() >= max) {
            CompletableFuture<Void> persisted = s.persist(shard, records);
            return persisted.thenApply(v -> error(ErrorCode.INVALID_REQUEST,
                    "group '" + req.getGroupId() + "' has " + max + " members, the most group.max.size allows"));
        }
        if (req.getHasSubscription()) {
            group.refreshTopics(req.getSubscribedTopicNamesList(), topicPartitions, now);
        }
        group.refreshTopics(group.subscribedTopics(), topicPartitions, now);
        HeartbeatResult result = group.coordinator.heartbeat(toRequest(req), req.getRebalanceTimeoutMs(), now);
        records.addAll(group.drainRecords());
        if (result instanceof HeartbeatResult.Accepted a && a.memberEpoch() >= 0) {
            group.clients.put(a.memberId(), client);
        }
        group.clients.keySet().retainAll(group.coordinator.state().members().keySet());
        GroupHeartbeatResponse response = toResponse(result, s);
        return s.persist(shard, records).thenApply(v -> response);
    }

    private static HeartbeatRequest toRequest(GroupHeartbeatRequest req) {
        Set<TopicPartition> owned = null;
        if (req.getHasOwned()) {
            owned = new HashSet<>();
            for (TopicPartitions tp : req.getOwnedList()) {
                for (int p : tp.getPartitionsList()) {
                    owned.add(new TopicPartition(tp.getTopic(), p));
                }
            }
        }
        return new HeartbeatRequest(req.getMemberId(), req.getInstanceId().isEmpty() ? Optional.empty() : Optional.of(req.getInstanceId()),
                req.getMemberEpoch(), req.getHasSubscription() ? new TreeSet<>(req.getSubscribedTopicNamesList()) : null, owned);
    }

    private static GroupHeartbeatResponse toResponse(HeartbeatResult result, CoordinatorService s) {
        if (result instanceof HeartbeatResult.Rejected r) {
            ErrorCode code = switch (r.error()) {
                case UNKNOWN_MEMBER_ID -> ErrorCode.UNKNOWN_MEMBER_ID;
                case FENCED_MEMBER_EPOCH -> ErrorCode.FENCED_MEMBER_EPOCH;
                case INVALID_REQUEST -> ErrorCode.INVALID_REQUEST;
            };
            return error(code, r.message());
        }
        HeartbeatResult.Accepted a = (HeartbeatResult.Accepted) result;
        GroupHeartbeatResponse.Builder b = GroupHeartbeatResponse.newBuilder().setErrorCode(ErrorCode.NONE)
                .setMemberId(a.memberId()).setMemberEpoch(a.memberEpoch())
                .setHeartbeatIntervalMs(s.config().getInt(BrokerConfig.GROUP_HEARTBEAT_INTERVAL_MS))
                .setSessionTimeoutMs(s.config().getInt(BrokerConfig.GROUP_SESSION_TIMEOUT_MS));
        b.addAllAssignment(WirePartitions.of(a.assigned()));
        return b.build();
    }

    private static GroupHeartbeatResponse error(ErrorCode code, String message) {
        return GroupHeartbeatResponse.newBuilder().setErrorCode(code).setErrorMessage(message).setMemberEpoch(-1).build();
    }
}
