package io.brook.broker.coordinator;

import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
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
 * FindCoordinator, answered by any broker: the coordinator of a group is the leader of the partition
 * of {@code __groups} its id hashes to. Creates {@code __groups} on first use (COORDINATOR_NOT_AVAILABLE
 * until it has a leader). Thread-safe.
 *
 * <p>The leader is the one this broker's replica of that partition knows when it is at least as recent
 * as the metadata image's, as in Metadata answers: the image holds the leader last reported to the
 * controller, and a new leader's report is not retried, so a report lost while the controller fails
 * over leaves the image naming the old leader until the next election. Answering from the image alone
 * then sent every member to a broker that no longer coordinates the group, for good. A broker never
 * names itself unless its replica leads.
 */
public final class FindCoordinatorApi {

    private final GroupsTopic groupsTopic;
    private final Supplier<MetadataImage> image;
    private final PartitionManager partitions;
    private final int brokerId;

    public FindCoordinatorApi(GroupsTopic groupsTopic, Supplier<MetadataImage> image, PartitionManager partitions, int brokerId) {
        this.groupsTopic = groupsTopic;
        this.image = image;
        this.partitions = partitions;
        this.brokerId = brokerId;
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
        int leaderId = leaderOf(partition, a);
        BrokerRegistration leader = leaderId < 0 ? null : image.get().brokers().get(leaderId);
        if (leader == null) {
            return error(ErrorCode.COORDINATOR_NOT_AVAILABLE, GroupIds.GROUPS_TOPIC + "-" + partition + " has no leader yet; retry")
                    .toBuilder().setPartition(partition).build();
        }
        return FindCoordinatorResponse.newBuilder().setErrorCode(ErrorCode.NONE).setNodeId(leader.id()).setHost(leader.host())
                .setPort(leader.port()).setPartition(partition).build();
    }

    private int leaderOf(int partition, PartitionAssignment a) {
        Partition local = partitions.get(GroupIds.GROUPS_TOPIC, partition);
        int leader = a.leader();
        if (local != null && local.leaderId() >= 0 && local.leaderTerm() >= a.leaderTerm()) {
            leader = local.leaderId();
        }
        if (leader == brokerId && (local == null || !local.isLeader())) {
            return -1;
        }
        return leader;
    }

    private static FindCoordinatorResponse error(ErrorCode code, String message) {
        return FindCoordinatorResponse.newBuilder().setErrorCode(code).setErrorMessage(message).setNodeId(-1).build();
    }
}
