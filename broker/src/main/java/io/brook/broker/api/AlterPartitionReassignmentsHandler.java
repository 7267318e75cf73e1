package io.brook.broker.api;

import io.brook.broker.meta.ClusterReassignments;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.AlterPartitionReassignmentsRequest;
import io.brook.protocol.message.AlterPartitionReassignmentsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ReplicaMovePlan;
import io.brook.protocol.message.ReplicaReassignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * AlterPartitionReassignments: submits the request's replica moves, or the plan this broker computes from its
 * image (decommission a broker, rebalance), to the controller ({@link ClusterReassignments}), and answers with
 * the moves once this broker's image shows them. Needs ALTER on the cluster.
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler {

    private final BrokerContext broker;
    private final ClusterReassignments reassignments;

    public AlterPartitionReassignmentsHandler(BrokerContext broker, ClusterReassignments reassignments) {
        this.broker = broker;
        this.reassignments = reassignments;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        AlterPartitionReassignmentsRequest req = Messages.parse(AlterPartitionReassignmentsRequest.parser(), frame.message());
        AlterPartitionReassignmentsResponse.Builder b = AlterPartitionReassignmentsResponse.newBuilder();
        if (!broker.authorization().allowedOnCluster(request, Operation.ALTER)) {
            request.respond(b.setErrorCode(ErrorCode.AUTHORIZATION_FAILED)
                    .setErrorMessage(Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.ALTER)).build());
            return;
        }
        CompletableFuture<ClusterReassignments.Outcome> outcome = switch (req.getPlan()) {
            case REASSIGNMENT_PLAN_DECOMMISSION -> reassignments.decommission(req.getDecommissionBrokerId(),
                    req.getPlanThrottleBytesPerSec(), req.getValidateOnly());
            case REASSIGNMENT_PLAN_REBALANCE -> reassignments.rebalance(req.getPlanThrottleBytesPerSec(), req.getValidateOnly());
            case REASSIGNMENT_PLAN_NONE -> reassignments.reassign(moves(req.getReassignmentsList()), req.getValidateOnly());
            default -> CompletableFuture.completedFuture(null);
        };
        outcome.whenComplete((o, t) -> {
            if (o == null) {
                request.respond(b.setErrorCode(t == null ? ErrorCode.INVALID_REQUEST : ErrorCode.UNKNOWN_SERVER_ERROR)
                        .setErrorMessage(t == null ? "unknown reassignment plan " + req.getPlanValue() : String.valueOf(t.getMessage()))
                        .build());
                return;
            }
            b.setErrorCode(o.result().error()).setErrorMessage(o.result().message());
            for (ClusterReassignments.Move m : o.moves()) {
                b.addMoves(ReplicaMovePlan.newBuilder().setTopic(m.topic()).setPartition(m.partition())
                        .addAllFromReplicas(m.from()).addAllToReplicas(m.to()));
            }
            request.respond(b.build());
        });
    }

    private static List<Reassignment> moves(List<ReplicaReassignment> wire) {
        List<Reassignment> moves = new ArrayList<>(wire.size());
        for (ReplicaReassignment r : wire) {
            moves.add(new Reassignment(r.getTopic(), r.getPartition(), r.getReplicasList(), r.getThrottleBytesPerSec()));
        }
        return moves;
    }
}
