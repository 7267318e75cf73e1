package io.brook.broker.api;

import io.brook.broker.meta.ClusterReassignments;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ListPartitionReassignmentsRequest;
import io.brook.protocol.message.ListPartitionReassignmentsResponse;
import io.brook.protocol.message.OngoingReassignment;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;

/** ListPartitionReassignments: the partitions whose replicas are moving, from this broker's image. Needs DESCRIBE on the cluster. */
public final class ListPartitionReassignmentsHandler implements ApiHandler {

    private final BrokerContext broker;
    private final ClusterReassignments reassignments;

    public ListPartitionReassignmentsHandler(BrokerContext broker, ClusterReassignments reassignments) {
        this.broker = broker;
        this.reassignments = reassignments;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        ListPartitionReassignmentsRequest req = Messages.parse(ListPartitionReassignmentsRequest.parser(), frame.message());
        ListPartitionReassignmentsResponse.Builder b = ListPartitionReassignmentsResponse.newBuilder();
        if (!broker.authorization().allowedOnCluster(request, Operation.DESCRIBE)) {
            request.respond(b.setErrorCode(ErrorCode.AUTHORIZATION_FAILED)
                    .setErrorMessage(Authorization.denied(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, Operation.DESCRIBE))
                    .build());
            return;
        }
        for (ClusterReassignments.TopicPartitionMove m : reassignments.inProgress(req.getTopicsList())) {
            PartitionAssignment p = m.assignment();
            b.addReassignments(OngoingReassignment.newBuilder().setTopic(m.topic()).setPartition(p.partition())
                    .addAllReplicas(p.replicas()).addAllTargetReplicas(p.targetReplicas())
                    .setThrottleBytesPerSec(p.moveThrottleBytesPerSec()));
        }
        request.respond(b.setErrorCode(ErrorCode.NONE).build());
    }
}
