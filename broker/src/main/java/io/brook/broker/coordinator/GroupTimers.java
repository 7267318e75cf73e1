package io.brook.broker.coordinator;

import io.brook.broker.config.BrokerConfig;
import io.brook.protocol.message.GroupDeletedRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator does on its own, on each tick of its thread: picks up topics that were created
 * or gained partitions, fences members whose session or rebalance timeout passed, and (every
 * {@code offsets.retention.check.interval.ms}) deletes the groups without members whose last commit
 * is older than {@code offsets.retention.ms}. Every change is recorded in {@code __groups} like one a
 * request makes. Coordinator thread only.
 */
final class GroupTimers {

    private static final Logger LOG = LoggerFactory.getLogger(GroupTimers.class);

    private final CoordinatorService service;
    private final Function<String, Integer> topicPartitions;
    private final long retentionMs;
    private final long retentionCheckMs;
    private long lastRetentionCheckMs;

    GroupTimers(CoordinatorService service, BrokerConfig config, Function<String, Integer> topicPartitions) {
        this.service = service;
        this.topicPartitions = topicPartitions;
        this.retentionMs = config.getLong(BrokerConfig.OFFSETS_RETENTION_MS);
        this.retentionCheckMs = config.getLong(BrokerConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS);
    }

    void tick(List<GroupShard> shards, long nowMs) {
        boolean retention = nowMs - lastRetentionCheckMs >= retentionCheckMs;
        if (retention) {
            lastRetentionCheckMs = nowMs;
        }
        for (GroupShard shard : shards) {
            List<GroupRecords.Encoded> records = new ArrayList<>();
            for (Iterator<CoordinatedGroup> it = shard.groups.values().iterator(); it.hasNext(); ) {
                CoordinatedGroup group = it.next();
                group.refreshTopics(group.subscribedTopics(), topicPartitions, nowMs);
                group.coordinator.expireSessions(nowMs);
                records.addAll(group.drainRecords());
                if (retention && group.isEmpty() && nowMs - group.lastCommitMs > retentionMs) {
                    LOG.info("Group '{}' has had no members and no commit for {} ms: deleted", group.groupId, nowMs - group.lastCommitMs);
                    records.add(GroupRecords.encode(group.groupId,
                            GroupRecords.record().setGroupDeleted(GroupDeletedRecord.newBuilder().setReason("expired")).build(), null, null));
                    it.remove();
                }
            }
            service.persist(shard, records);
        }
    }
}
