package io.brook.broker.coordinator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.broker.group.Assignor;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.GroupEvent;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.message.GroupRecord;
import io.brook.protocol.message.GroupRecordKey;
import io.brook.protocol.message.OffsetCommitRecord;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the groups of a {@code __groups} partition by replaying its log from the log start to a
 * commit end, applying every record in order (control batches, the leader markers, are skipped). Runs
 * on the coordinator thread; reading the log is safe from any thread.
 */
final class ShardLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ShardLoader.class);
    private static final int READ_BYTES = 1024 * 1024;

    /** A group as the records so far describe it. */
    private static final class Replayed {
        String assignor = "uniform";
        long lastCommitMs;
        final List<GroupEvent> events = new ArrayList<>();
        final TreeMap<TopicPartition, CommittedOffset> offsets = new TreeMap<>(CoordinatedGroup.ORDER);
    }

    private final TreeMap<String, Replayed> groups = new TreeMap<>();
    private long records;

    private ShardLoader() {}

    /**
     * Replays {@code log} up to {@code endOffset} (exclusive) and returns its groups, with every session
     * starting at {@code nowMs}.
     */
    static Map<String, CoordinatedGroup> load(PartitionLog log, long endOffset, long sessionTimeoutMs, long nowMs) {
        long start = System.nanoTime();
        ShardLoader loader = new ShardLoader();
        loader.replay(log, endOffset);
        TreeMap<String, CoordinatedGroup> out = new TreeMap<>();
        loader.groups.forEach((id, r) -> {
            CoordinatedGroup g = new CoordinatedGroup(id, r.assignor,
                    GroupCoordinator.recover(r.events, Assignor.named(r.assignor), sessionTimeoutMs, nowMs), r.lastCommitMs);
            g.offsets.putAll(r.offsets);
            out.put(id, g);
        });
        LOG.info("Loaded {} group(s) from {} record(s) of {} in {} ms", out.size(), loader.records, log.dir().getFileName(),
                (System.nanoTime() - start) / 1_000_000);
        return out;
    }

    private void replay(PartitionLog log, long endOffset) {
        long offset = log.logStartOffset();
        RecordBatch batch = new RecordBatch();
        RecordCursor cursor = new RecordCursor();
        while (offset < endOffset) {
            try (ReadResult read = log.read(offset, READ_BYTES, endOffset)) {
                if (read.status() != ReadResult.Status.OK) {
                    return;
                }
                ByteBuffer buf = read.slice().readAll();
                int pos = 0;
                while (pos < buf.limit()) {
                    batch.wrap(buf, pos);
                    pos += batch.sizeInBytes();
                    offset = batch.nextOffset();
                    if (!batch.isControl()) {
                        cursor.reset(batch);
                        while (cursor.next()) {
                            apply(cursor.keyBytes(), cursor.valueBytes());
                        }
                    }
                }
            }
        }
    }

    private void apply(byte[] keyBytes, byte[] valueBytes) {
        records++;
        GroupRecordKey key;
        GroupRecord value;
        try {
            key = GroupRecordKey.parseFrom(keyBytes);
            value = GroupRecord.parseFrom(valueBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a record of __groups does not parse: " + e.getMessage(), e);
        }
        if (value.getVersion() > GroupRecords.VERSION) {
            throw new IllegalStateException("a record of group " + key.getGroupId() + " has version " + value.getVersion()
                    + ", newer than this broker's " + GroupRecords.VERSION + ": upgrade the broker");
        }
        String groupId = key.getGroupId();
        switch (value.getBodyCase()) {
            case CREATED -> {
                Replayed r = groups.computeIfAbsent(groupId, g -> new Replayed());
                r.assignor = value.getCreated().getAssignor();
                r.lastCommitMs = value.getCreated().getCreatedMs();
            }
            case OFFSET_COMMIT -> {
                OffsetCommitRecord c = value.getOffsetCommit();
                Replayed r = groups.computeIfAbsent(groupId, g -> new Replayed());
                r.offsets.put(new TopicPartition(c.getTopic(), c.getPartition()),
                        new CommittedOffset(c.getOffset(), c.getTerm(), c.getMetadata(), c.getCommitTimeMs()));
                r.lastCommitMs = Math.max(r.lastCommitMs, c.getCommitTimeMs());
            }
            case GROUP_DELETED -> groups.remove(groupId);
            default -> GroupRecords.toEvent(value).ifPresent(e -> groups.computeIfAbsent(groupId, g -> new Replayed()).events.add(e));
        }
    }
}
