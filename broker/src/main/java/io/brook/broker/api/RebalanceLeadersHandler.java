package io.brook.broker.api;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.broker.partition.LeaderBalancer;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.LeaderMove;
import io.brook.protocol.message.LeaderMoveOutcome;
import io.brook.protocol.message.RebalanceLeadersRequest;
import io.brook.protocol.message.RebalanceLeadersResponse;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.util.List;

/**
 * RebalanceLeaders: this broker moves the partitions it leads back to their preferred leader where
 * that broker is caught up ({@link LeaderBalancer#rebalanceNow}); clients ask every broker. Answers
 * once the transfers have started, not once they completed. Needs ALTER on the cluster.
 */
public final class RebalanceLeadersHandler implements ApiHandler {

    private final BrokerContext broker;

    public RebalanceLeadersHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        RebalanceLeadersRequest req = Messages.parse(RebalanceLeadersRequest.parser(), frame.message());
        RebalanceLeadersResponse.Builder b = RebalanceLeadersResponse.newBuilder().setBrokerId(broker.brokerId());
        if (!broker.authorization().allowedOnCluster(request, Operation.ALTER)) {
            request.respond(b.setErrorCode(ErrorCode.AUTHORIZATION_FAILED)
                    .setErrorMessage(Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.ALTER)).build());
            return;
        }
        broker.partitions().rebalanceLeaders(req.getDryRun()).whenComplete((moves, t) -> {
            if (t != null) {
                request.respond(b.setErrorCode(ErrorCode.UNKNOWN_SERVER_ERROR).setErrorMessage(String.valueOf(t.getMessage())).build());
                return;
            }
            request.respond(b.setErrorCode(ErrorCode.NONE).addAllMoves(moves(moves)).build());
        });
    }

    private static List<LeaderMove> moves(List<LeaderBalancer.Move> moves) {
        return moves.stream().map(m -> LeaderMove.newBuilder().setTopic(m.id().topic()).setPartition(m.id().partition())
                .setFromBroker(m.from()).setToBroker(m.to()).setOutcome(outcome(m.outcome())).build()).toList();
    }

    private static LeaderMoveOutcome outcome(LeaderBalancer.Outcome o) {
        return switch (o) {
            case PLANNED -> LeaderMoveOutcome.LEADER_MOVE_PLANNED;
            case STARTED -> LeaderMoveOutcome.LEADER_MOVE_STARTED;
            case PREFERRED_BEHIND -> LeaderMoveOutcome.LEADER_MOVE_PREFERRED_BEHIND;
            case IN_PROGRESS -> LeaderMoveOutcome.LEADER_MOVE_IN_PROGRESS;
        };
    }
}
