package io.brook.client.internal.admin;

import io.brook.client.NewPartitionReassignment;
import io.brook.client.PartitionReassignment;
import io.brook.client.ReplicaMove;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.AlterPartitionReassignmentsRequest;
import io.brook.protocol.message.AlterPartitionReassignmentsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ListPartitionReassignmentsRequest;
import io.brook.protocol.message.ListPartitionReassignmentsResponse;
import io.brook.protocol.message.OngoingReassignment;
import io.brook.protocol.message.ReassignmentPlan;
import io.brook.protocol.message.ReplicaMovePlan;
import io.brook.protocol.message.ReplicaReassignment;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The replica-move operations behind {@link io.brook.client.Admin}: AlterPartitionReassignments (explicit
 * moves, or a plan the broker computes) and ListPartitionReassignments, both sent to the controller's broker
 * when the metadata names one (so a listing right after a change sees it). Retriable failures are retried
 * until {@code default.api.timeout.ms}, but not an unknown topic or partition (a typo does not heal);
 * submitting the same targets again changes nothing. Thread-safe.
 */
final class ReassignmentAdmin {

    private final NetworkClient network;
    private final Metadata metadata;
    private final Supplier<InetSocketAddress> controller;
    private final Backoff backoff;
    private final int requestTimeoutMs;
    private final long apiTimeoutMs;

    ReassignmentAdmin(NetworkClient network, Metadata metadata, Supplier<InetSocketAddress> controller, Backoff backoff,
                      int requestTimeoutMs, long apiTimeoutMs) {
        this.network = network;
        this.metadata = metadata;
        this.controller = controller;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
        this.apiTimeoutMs = apiTimeoutMs;
    }

    CompletableFuture<Void> alter(List<NewPartitionReassignment> reassignments, boolean validateOnly) {
        AlterPartitionReassignmentsRequest.Builder req = AlterPartitionReassignmentsRequest.newBuilder().setValidateOnly(validateOnly)
                .setPlan(ReassignmentPlan.REASSIGNMENT_PLAN_NONE);
        for (NewPartitionReassignment r : reassignments) {
            req.addReassignments(ReplicaReassignment.newBuilder().setTopic(r.partition().topic()).setPartition(r.partition().partition())
                    .addAllReplicas(r.targetReplicas()).setThrottleBytesPerSec(r.throttleBytesPerSec()));
        }
        return send("reassigning partitions", req.build()).thenApply(moves -> null);
    }

    /** @param brokerId the broker to decommission, or -1 to rebalance */
    CompletableFuture<List<ReplicaMove>> plan(int brokerId, long throttleBytesPerSec, boolean validateOnly) {
        AlterPartitionReassignmentsRequest req = AlterPartitionReassignmentsRequest.newBuilder().setValidateOnly(validateOnly)
                .setPlan(brokerId >= 0 ? ReassignmentPlan.REASSIGNMENT_PLAN_DECOMMISSION : ReassignmentPlan.REASSIGNMENT_PLAN_REBALANCE)
                .setDecommissionBrokerId(Math.max(brokerId, 0)).setPlanThrottleBytesPerSec(throttleBytesPerSec).build();
        return send(brokerId >= 0 ? "decommissioning broker " + brokerId : "rebalancing replicas", req);
    }

    CompletableFuture<List<PartitionReassignment>> list() {
        ListPartitionReassignmentsRequest req = ListPartitionReassignmentsRequest.getDefaultInstance();
        return retrying("listing partition reassignments", true, () -> network.call(controller.get(),
                ApiKey.LIST_PARTITION_REASSIGNMENTS, req, ListPartitionReassignmentsResponse.parser(), requestTimeoutMs).thenApply(r -> {
                    check(r.getErrorCode(), r.getErrorMessage());
                    List<PartitionReassignment> out = new ArrayList<>();
                    for (OngoingReassignment o : r.getReassignmentsList()) {
                        out.add(new PartitionReassignment(new TopicPartition(o.getTopic(), o.getPartition()), o.getReplicasList(),
                                o.getTargetReplicasList(), o.getThrottleBytesPerSec()));
                    }
                    return List.copyOf(out);
                }));
    }

    private CompletableFuture<List<ReplicaMove>> send(String what, AlterPartitionReassignmentsRequest req) {
        return retrying(what, false, () -> network.call(controller.get(), ApiKey.ALTER_PARTITION_REASSIGNMENTS, req,
                AlterPartitionReassignmentsResponse.parser(), requestTimeoutMs).thenApply(r -> {
                    check(r.getErrorCode(), r.getErrorMessage());
                    List<ReplicaMove> moves = new ArrayList<>();
                    for (ReplicaMovePlan m : r.getMovesList()) {
                        moves.add(new ReplicaMove(new TopicPartition(m.getTopic(), m.getPartition()), m.getFromReplicasList(),
                                m.getToReplicasList()));
                    }
                    return List.copyOf(moves);
                }));
    }

    private static void check(ErrorCode code, String message) {
        if (code != ErrorCode.NONE) {
            throw ErrorMapping.toException(code, message, null, -1, -1);
        }
    }

    private <T> CompletableFuture<T> retrying(String what, boolean readOnly, Supplier<CompletableFuture<T>> attempt) {
        return RetryingCall.run(network.eventLoop(), metadata, backoff, what, apiTimeoutMs, attempt,
                e -> e.isRetriable() && !(e instanceof UnknownTopicOrPartitionException), readOnly);
    }
}
