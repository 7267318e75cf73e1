package io.brook.broker.coordinator;

import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.TopicImage;
import java.util.function.Supplier;

/**
 * FindCoordinator, answered by any broker from its metadata image: the coordinator of a group is the
 * leader of the partition of {@code __groups} its id hashes to. Creates {@code __groups} on first use
 * (COORDINATOR_NOT_AVAILABLE until it has a leader). Thread-safe.
 */
public final class FindCoordinatorApi {

    private final GroupsTopic groupsTopic;
    private final Supplier<MetadataImage> image;

    public FindCoordinatorApi(GroupsTopic groupsTopic, Supplier<MetadataImage> image) {
        this.groupsTopic = groupsTopic;
        this.image = image;
    }

    public FindCoordinatorResponse find(FindCoordinatorRequest req) {
        String bad = GroupIds.check(req.getGroupId());
        if (bad != null) {
            return error(ErrorCode.INVALID_GROUP_ID, bad);
        }
        TopicImage topic = groupsTopic.getOrCreate();
        if (topic == null) {
            return error(ErrorCode.COORDINATOR_NOT_AVAILABLE, GroupIds.GROUPS_TOPIC + " is being created; retry");
        }
        int partition = GroupIds.partitionFor(req.getGroupId(), topic.partitions().size());
        PartitionAssignment a = topic.partitions().get(partition);
        BrokerRegistration leader = a.leader() < 0 ? null : image.get().brokers().get(a.leader());
        if (leader == null) {
            return error(ErrorCode.COORDINATOR_NOT_AVAILABLE, GroupIds.GROUPS_TOPIC + "-" + partition + " has no leader yet; retry")
                    .toBuilder().setPartition(partition).build();
        }
        return FindCoordinatorResponse.newBuilder().setErrorCode(ErrorCode.NONE).setNodeId(leader.id()).setHost(leader.host())
                .setPort(leader.port()).setPartition(partition).build();
    }

    private static FindCoordinatorResponse error(ErrorCode code, String message) {
        return FindCoordinatorResponse.newBuilder().setErrorCode(code).setErrorMessage(message).setNodeId(-1).build();
    }
}
